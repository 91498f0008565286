// What the fake answers for an operation of openapi.yaml it has no model of (a new one, say): a
// read gets the spec's own example of its success, which is true to the spec and changes nothing;
// anything else gets 501, because a create or an update that "succeeded" without a model would
// move no money and hold no state, and a test passing on it would promise what the API never did.
import { exampleAnswers } from '../../generated/example-answers.js';
import { type OperationId, operations } from '../../generated/operations.js';
import type { FakeReply } from './handler.js';
import { fakeNotice } from './refusals.js';

/**
 * The answer to `operation` when nothing models it: the spec's example for a GET that documents
 * one, else a 501 naming the operation and how a test can answer it.
 */
export function unmodelledAnswer(operation: OperationId): FakeReply {
  const { method, path } = operations[operation];
  const example = method === 'GET' ? exampleAnswers[operation] : undefined;
  if (example) return { status: example.status, body: structuredClone(example.body) };
  return fakeNotice(
    501,
    `The fake does not model ${operation} (${method} ${path}). Answer it in your test: ` +
      `fake.on('${operation}', (call) => ({ status: 200, body: ... })).`,
  );
}
