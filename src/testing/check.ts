// The checks the fake API makes before an operation runs, as the API would: a bearer token, then
// the request against the spec's compiled validators. A refusal uses a status the operation
// documents (400, else 422, else 404) and, where the spec gives that status a body, the envelope
// with one detail per problem.
import { optionalBodies, errorStatuses } from '../../generated/request-shapes.js';
import { responseValidators } from '../../generated/response-validators.js';
import { validators } from '../validators.js';
import { type FakeReply, bareReply, errorReply } from './envelope.js';
import { isLive } from './fake/account.js';
import type { Routed } from './route.js';
import type { World } from './state.js';

/** An error reply with the envelope when the spec documents a body for this status, else none. */
export function documentedError(operation: string, status: number, message: string, details?: Parameters<typeof errorReply>[2]): FakeReply {
  const validatorsByStatus = (responseValidators as Record<string, Record<string, unknown>>)[operation] ?? {};
  return validatorsByStatus[String(status)] ? errorReply(status, message, details) : bareReply(status);
}

/**
 * 401 unless the request carries `Authorization: Bearer <token>`. When the fake has an `apiKey`,
 * the token must be that key or the secret of one of the account's tokens that has not expired.
 */
export function checkAuth(operation: string, authorization: string | null, world: World): FakeReply | undefined {
  const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
  const { apiKey } = world.settings;
  const now = world.clock.seconds();
  const known = (t: string) => t === apiKey || world.tokens.some((r) => r.secret === t && isLive(r, now));
  if (token !== undefined && (apiKey === undefined || known(token))) return undefined;
  return documentedError(operation, 401, 'Invalid or expired API token.');
}

/** A refusal of a request that breaks the spec, or undefined when it is valid. */
export function checkInput(routed: Routed, body: unknown): FakeReply | undefined {
  const { operation } = routed;
  const optional = optionalBodies.includes(operation);
  const issues = validators.checkRequest(operation, {
    path: routed.path,
    query: routed.query,
    body: optional && body === undefined ? {} : body,
  });
  if (issues.length === 0) return undefined;
  const documented = errorStatuses[operation] ?? [];
  const status = [400, 422, 404].find((s) => documented.includes(s)) ?? 400;
  const details = issues.map((issue) => {
    const field = issue.path.replace(/^\/(query\/)?/, '').replace(/\//g, '.') || null;
    return { field, code: 'invalid_value', message: `${field ?? 'the body'} must be ${issue.rule}` };
  });
  return documentedError(operation, status, `The request is invalid: ${details.map((d) => d.message).join('; ')}.`, details);
}
