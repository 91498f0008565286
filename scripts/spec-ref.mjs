// Following a local `$ref` of openapi.yaml, for the generator's modules that read the spec as data.

/** Follows local `$ref`s (`#/components/...`, `~1` and `~0` unescaped) until a node that is not a reference; undefined where one does not resolve. */
export function resolveRef(node, spec) {
  let at = node;
  for (let i = 0; i < 10 && typeof at?.$ref === 'string'; i++) {
    at = at.$ref
      .replace(/^#\//, '')
      .split('/')
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((o, k) => o?.[k], spec);
  }
  return at;
}
