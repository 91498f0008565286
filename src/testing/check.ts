// The checks the fake API makes before an operation runs, as the API would: a bearer token, then
// the request against the spec's compiled validators. A refusal of bad input answers 400, or 422
// where the operation documents 422 and not 400 (a malformed path ID alone: 404 where documented),
// in the body the spec gives that operation and status (refusals.ts).
import { errorBodies, optionalBodies } from '../../generated/request-shapes.js';
import { validators } from '../validators.js';
import { isLive } from './fake/account.js';
import type { FakeReply } from './handler.js';
import { refusal } from './refusals.js';
import type { Routed } from './route.js';
import type { World } from './state.js';

/** The status a refusal of bad input uses: 400, or 422 where only that is documented; 404 for a bad path ID where documented. */
function invalidStatus(operation: string, pathOnly: boolean): number {
  const documented = Object.keys(errorBodies[operation] ?? {}).map(Number);
  const status = [400, 422].find((s) => documented.includes(s));
  if (status !== undefined) return status;
  return pathOnly && documented.includes(404) ? 404 : 400;
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
  return refusal(operation, 401, 'Invalid or expired API token.');
}

/**
 * The token ID events show as the actor of a request made with `authorization`: that of the
 * account's token whose secret it carries, else `KEY_TOKEN_ID` (a key the fake accepts without it
 * being one of the account's tokens, such as any key when no `apiKey` is set).
 */
export function tokenIdOf(authorization: string | null, world: World): string {
  const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
  return world.tokens.find((r) => r.secret === token)?.token.id ?? KEY_TOKEN_ID;
}

/** The actor's token ID of a request whose key is none of the account's tokens. */
export const KEY_TOKEN_ID = 'tok_fake_api_key';

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
  const pathOnly = issues.every((issue) => !issue.path.startsWith('/query/') && issue.path.split('/')[1]! in routed.path);
  const status = invalidStatus(operation, pathOnly);
  const details = issues.map((issue) => {
    const field = issue.path.replace(/^\/(query\/)?/, '').replace(/\//g, '.') || null;
    return { field, code: 'invalid_value', message: `${field ?? 'the body'} must be ${issue.rule}` };
  });
  return refusal(operation, status, `The request is invalid: ${details.map((d) => d.message).join('; ')}.`, { details });
}
