// Keeps the API key (and the token secrets the client has been handed, see core/secrets.ts) out of
// everything an error carries. Errors from a custom `fetch` or from the server can contain it (a
// proxy that echoes request headers, a SyntaxError quoting a body), so nothing foreign is attached
// to our errors as-is: it is copied with the key masked.

export const MASK = '[redacted]';
/**
 * Secrets shorter than this are never masked. Real keys and tokens are far longer; a short one is a
 * test key (the README's `'test'`), and masking it would corrupt ordinary text: `my-test-node`
 * would read `my-[redacted]-node`, and a one-letter key would break every word that holds it. No
 * word-boundary rule avoids that (`my-test-node` has boundaries round `test`).
 */
export const MIN_MASKED_LENGTH = 16;
const MAX_DEPTH = 5;

/** A secret to mask, or several. */
export type Secrets = string | readonly string[];

/**
 * `text` with every occurrence of `secret` (or of each of several) replaced by `[redacted]`;
 * secrets shorter than `MIN_MASKED_LENGTH` are left alone.
 */
export function maskText(text: string, secret: Secrets): string {
  if (typeof secret === 'string') {
    return secret.length >= MIN_MASKED_LENGTH && text.includes(secret) ? text.split(secret).join(MASK) : text;
  }
  let masked = text;
  for (const one of secret) masked = maskText(masked, one);
  return masked;
}

/**
 * A copy of a JSON-like value (a parsed response body, a validation issue's value) with the key
 * masked in every string, keys included, at any depth. Objects become plain objects of their own
 * enumerable fields (a `"__proto__"` field stays a field: it never sets the copy's prototype), and
 * a value seen twice (a cycle) is copied once.
 */
export function maskValue(value: unknown, secret: Secrets): unknown {
  // An explicit stack, not recursion: a body nested 100,000 deep parses fine and must not
  // overflow the call stack here.
  const copies = new Map<object, Record<string, unknown> | unknown[]>();
  const pending: object[] = [];
  const copyOf = (item: unknown): unknown => {
    if (typeof item === 'string') return maskText(item, secret);
    if (typeof item !== 'object' || item === null) return item;
    let copy = copies.get(item);
    if (copy === undefined) {
      copy = Array.isArray(item) ? [] : {};
      copies.set(item, copy);
      pending.push(item);
    }
    return copy;
  };
  const root = copyOf(value);
  for (let source = pending.pop(); source !== undefined; source = pending.pop()) {
    const copy = copies.get(source)!;
    if (Array.isArray(copy)) {
      for (const item of source as unknown[]) copy.push(copyOf(item));
      continue;
    }
    for (const [key, item] of Object.entries(source)) {
      const name = maskText(key, secret);
      if (name === '__proto__')
        Object.defineProperty(copy, name, { value: copyOf(item), writable: true, enumerable: true, configurable: true });
      else copy[name] = copyOf(item);
    }
  }
  return root;
}

/**
 * `headers` itself when no header holds a secret, else a copy with each secret masked in every
 * value (a server or proxy that echoes the Authorization header into, say, x-request-id), and
 * without any header whose name holds one (names are lower-cased, and `[redacted]` is no header name).
 */
export function maskHeaders(headers: Headers, secret: Secrets): Headers {
  const lowered = (typeof secret === 'string' ? [secret] : secret).map((one) => one.toLowerCase());
  const nameHolds = (name: string) => maskText(name, lowered) !== name;
  let holds = false;
  headers.forEach((value, name) => {
    holds ||= maskText(value, secret) !== value || nameHolds(name);
  });
  if (!holds) return headers;
  const copy = new Headers();
  // Iterating keeps each Set-Cookie apart; append keeps them all.
  for (const [name, value] of headers) if (!nameHolds(name)) copy.append(name, maskText(value, secret));
  return copy;
}

const BUILT_IN_ERRORS = new Map<string, new (message: string) => Error>(
  [Error, TypeError, SyntaxError, RangeError, ReferenceError, EvalError, URIError].map((C) => [C.name, C]),
);

/**
 * A fresh error standing for `error`, safe to attach as `cause`: message, stack and `code` are
 * copied with the key masked, built-in error classes are kept (so `instanceof SyntaxError` still
 * works), its own `cause` chain is copied the same way, and nothing else is carried over.
 */
export function sanitizeError(error: unknown, secret: Secrets, depth = 0): Error {
  if (!(error instanceof Error)) {
    return new Error(maskText(describeThrown(error), secret));
  }
  const message = maskText(String(error.message), secret);
  const Builtin = error.constructor === DOMException ? undefined : BUILT_IN_ERRORS.get(error.constructor?.name);
  const copy: Error & { code?: unknown } =
    error instanceof DOMException ? new DOMException(message, maskText(error.name, secret)) : new (Builtin ?? Error)(message);
  if (!Builtin && !(error instanceof DOMException)) copy.name = maskText(String(error.name), secret);
  if (typeof error.stack === 'string') copy.stack = maskText(error.stack, secret);
  // DOMException derives `code` from its name; other errors carry Node's `ECONNREFUSED` and the like.
  const code = (error as { code?: unknown }).code;
  if (!(error instanceof DOMException) && (typeof code === 'string' || typeof code === 'number')) {
    copy.code = typeof code === 'string' ? maskText(code, secret) : code;
  }
  if (error.cause !== undefined && depth < MAX_DEPTH) copy.cause = sanitizeError(error.cause, secret, depth + 1);
  return copy;
}

/** A short, never-throwing text for any thrown value. */
export function describeThrown(value: unknown): string {
  if (value instanceof Error) return value.message;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
