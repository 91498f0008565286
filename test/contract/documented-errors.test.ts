// Every error response openapi.yaml documents, for every operation: Prism serves the documented
// example and the client must turn it into the class for that status, carrying the example's
// type, message and details. A new operation in the spec without a client method fails here too.
import { describe, expect, it } from 'vitest';
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  GoneError,
  InternalServerError,
  NotFoundError,
  PaymentRequiredError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from '../../src/index.js';
import { allOperations, child, operation } from '../support/spec.js';
import { expectDocumentedError, usePrism } from './harness.js';
import { calls } from '../support/calls.js';

const classByStatus: Record<number, abstract new (...args: never[]) => APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  402: PaymentRequiredError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  410: GoneError,
  422: UnprocessableEntityError,
  429: RateLimitError,
  500: InternalServerError,
};

const cases = allOperations().flatMap((key) => {
  const [method, path] = key.split(' ') as [string, string];
  const op = operation(path, method);
  return Object.keys(child(op, 'responses'))
    .map(Number)
    .filter((status) => status >= 400)
    .map((status) => ({ name: `${op.operationId as string} ${status}`, operationId: op.operationId as string, method, path, status }));
});

describe('every documented error of every operation', () => {
  const prism = usePrism();

  it('has a client call for every operation in the spec', () => {
    const operationIds = allOperations().map((key) => {
      const [method, path] = key.split(' ') as [string, string];
      return operation(path, method).operationId as string;
    });
    expect(Object.keys(calls).sort()).toEqual(operationIds.sort());
  });

  it.each(cases)('$name', async ({ operationId, method, path, status }) => {
    // A status no class is made for (a new one in the spec) is the plain APIError.
    const ErrorClass = classByStatus[status] ?? (status >= 500 ? InternalServerError : APIError);
    await expectDocumentedError(calls[operationId]!(prism.client(), prism.code(status)), ErrorClass, { path, method, status });
  });
});
