// Answers a test gives the fake itself (`fake.on`): kept per operation, and held to openapi.yaml
// as the fake's own answers are, so that a handler cannot make a test pass on an answer the API
// could never give. A status the spec does not document for the operation may carry no body.
import { type OperationId, operations } from '../../generated/operations.js';
import { validators } from '../validators.js';
import type { FakeReply } from './handler.js';
import type { FakeAnswer, FakeCall, FakeOperationHandler } from './options.js';
import { fakeNotice } from './refusals.js';

/** The handlers a test registered, by operation; the newest registration of an operation wins. */
export class OwnAnswers {
  #handlers = new Map<OperationId, FakeOperationHandler>();

  /** Registers `handler` for `operation`; the function returned removes it again. */
  add(operation: OperationId, handler: FakeOperationHandler): () => void {
    if (!Object.hasOwn(operations, operation)) throw new TypeError(`fake.on: ${String(operation)} is no operationId of openapi.yaml`);
    if (typeof handler !== 'function') throw new TypeError(`fake.on('${operation}', handler): handler must be a function`);
    this.#handlers.set(operation, handler);
    return () => {
      if (this.#handlers.get(operation) === handler) this.#handlers.delete(operation);
    };
  }

  has(operation: OperationId): boolean {
    return this.#handlers.has(operation);
  }

  /** Runs the handler of `call.operation` and checks what it answered against the spec. */
  async answer(call: FakeCall): Promise<FakeReply> {
    const handler = this.#handlers.get(call.operation)!;
    return checkedAnswer(call.operation, await handler(structuredClone(call)));
  }
}

/** The handler's answer when the spec accepts it, else a 501 saying what is wrong with it. */
export function checkedAnswer(operation: OperationId, answer: FakeAnswer): FakeReply {
  const issues = validators.checkResponse(operation, answer.status, answer.body);
  if (issues.length === 0) return { status: answer.status, body: answer.body, ...(answer.headers ? { headers: answer.headers } : {}) };
  const problems = issues.map((issue) => `${issue.path} must be ${issue.rule}`).join('; ');
  return fakeNotice(
    501,
    `fake.on('${operation}') answered ${answer.status} with a body openapi.yaml does not accept (${problems}). ` +
      'Fix the handler, or use fake.failNext for an answer outside the spec.',
  );
}
