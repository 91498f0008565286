// scripts/example-answers.mjs: which example the fake answers an operation it does not model with.
import { describe, expect, it } from 'vitest';
import { exampleAnswers } from '../../generated/example-answers.js';
import { operations } from '../../generated/operations.js';
import { buildExampleAnswers, renderExampleAnswersModule } from '../../scripts/example-answers.mjs';
import { validators } from '../../src/index.js';

const json = (media: object) => ({ content: { 'application/json': media } });

describe('buildExampleAnswers', () => {
  it.each([
    ['an inline example', { '200': json({ example: { a: 1 } }) }, { status: 200, body: { a: 1 } }],
    ['the first of several named examples', { '200': json({ examples: { x: { value: 1 }, y: { value: 2 } } }) }, { status: 200, body: 1 }],
    [
      'a named example by $ref',
      { '200': json({ examples: { x: { $ref: '#/components/examples/Shared' } } }) },
      { status: 200, body: 'shared' },
    ],
    ['a response by $ref', { '200': { $ref: '#/components/responses/Ok' } }, { status: 200, body: 'ok' }],
    [
      'the first 2xx that has one',
      { '201': json({ example: 'b' }), '200': json({}), '404': json({ example: 'no' }) },
      { status: 201, body: 'b' },
    ],
    ['a null example', { '200': json({ example: null }) }, { status: 200, body: null }],
    ['none: no 2xx example', { '204': { description: 'empty' }, '400': json({ example: 'no' }) }, undefined],
    ['none: an example without a value', { '200': json({ examples: { x: { externalValue: 'https://x' } } }) }, undefined],
  ])('takes %s', (_, responses, expected) => {
    const spec = {
      paths: { '/x': { get: { operationId: 'getX', responses } } },
      components: {
        examples: { Shared: { value: 'shared' } },
        responses: { Ok: json({ example: 'ok' }) },
      },
    };
    expect(buildExampleAnswers(spec).getX).toEqual(expected);
  });

  it('renders a module that reads back as the same answers', () => {
    const text = renderExampleAnswersModule({ getX: { status: 200, body: { quote: "it's" } } });
    expect(text).toContain(`getX: {"status":200,"body":{"quote":"it's"}},`);
  });

  it('gives every read of openapi.yaml an answer its response validator accepts', () => {
    const reads = Object.entries(operations).filter(([, op]) => op.method === 'GET');
    for (const [id] of reads) {
      const answer = exampleAnswers[id];
      expect(answer, id).toBeDefined();
      expect(validators.checkResponse(id, answer!.status, answer!.body), id).toEqual([]);
    }
  });
});
