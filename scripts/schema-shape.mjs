// What a JSON Schema says about a value, in one form whatever dialect wrote it, so that two
// documents written differently can be compared: OpenAPI 3.0's `nullable: true`, 3.1's
// `type: [x, 'null']`, and `anyOf`/`oneOf` with a `{type: 'null'}` branch all read as
// `nullable: true`; `const` reads as a one-value enum; a `$ref` is followed. allOf is not handled
// here: spec-drift merges it in the whole document first (allof-merge).

/** Keywords that narrow the values a type allows (compared one by one, by name and value). */
export const RULE_KEYWORDS = [
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
];

// A `$ref` chain longer than this, or unions nested deeper, are taken as unknown rather than
// followed for ever (a schema that is a nullable union of itself).
const MAX_DEPTH = 32;

/**
 * Follows local `$ref`s (`#/components/schemas/Node`) to the schema they name. Keywords beside a
 * `$ref` (allowed in 3.1) are laid over the target. A ref that leads nowhere, or outside the
 * document, leaves only those keywords and is named in `unresolved`.
 *
 * @example deref({ $ref: '#/components/schemas/Id' }, doc) // { schema: { type: 'string' }, refs: ['#/components/schemas/Id'] }
 */
export function deref(node, doc) {
  const refs = [];
  let at = node;
  while (isObject(at) && typeof at.$ref === 'string' && refs.length < MAX_DEPTH) {
    const ref = at.$ref;
    if (refs.includes(ref)) break;
    refs.push(ref);
    const { $ref: _ref, ...siblings } = at;
    const target = pointer(doc, ref);
    if (!isObject(target)) return { schema: siblings, refs, unresolved: ref };
    at = { ...target, ...siblings };
  }
  return { schema: isObject(at) ? at : {}, refs };
}

/** The value a local JSON pointer (`#/a/b~1c`) names in `doc`, or undefined. */
function pointer(doc, ref) {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((part) => decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((at, key) => (isObject(at) || Array.isArray(at) ? at[key] : undefined), doc);
}

/**
 * A schema read into one form: `types` (JSON types without 'null', sorted; empty when the schema
 * does not say), `nullable`, `enum` (without null; `const` counts as a one-value enum),
 * `properties` and `required`, `items`, `variants` (the non-null branches of oneOf/anyOf, keyed
 * for matching), `rules` (the RULE_KEYWORDS it declares), `ref` (the last `$ref` followed, for
 * cycle checks) and `unresolved` refs. Nested schemas are left as written, to be read in turn.
 *
 * @example shapeOf({ anyOf: [{ type: 'string' }, { type: 'null' }] }, doc) // { types: ['string'], nullable: true, ... }
 */
export function shapeOf(node, doc, depth = 0) {
  const { schema, refs, unresolved } = deref(node, doc);
  const declared = [schema.type].flat().filter((t) => typeof t === 'string');
  let types = declared.filter((t) => t !== 'null');
  let nullable = schema.nullable === true || declared.includes('null');
  const listed = Array.isArray(schema.enum) ? schema.enum : 'const' in schema ? [schema.const] : undefined;
  if (listed?.includes(null)) nullable = true;
  const values = listed?.filter((v) => v !== null);
  const shape = {
    types,
    nullable,
    enum: values,
    properties: isObject(schema.properties) && Object.keys(schema.properties).length > 0 ? schema.properties : undefined,
    required: Array.isArray(schema.required) ? schema.required : [],
    items: isObject(schema.items) ? schema.items : undefined,
    variants: undefined,
    rules: rulesOf(schema),
    ref: refs.at(-1),
    unresolved: unresolved ? [unresolved] : [],
    onlyNull: (declared.length > 0 && types.length === 0) || (listed !== undefined && listed.length > 0 && values.length === 0),
  };
  const union = schema.oneOf ?? schema.anyOf;
  if (Array.isArray(union) && depth < MAX_DEPTH) {
    const branches = [];
    for (const raw of union) {
      const branch = shapeOf(raw, doc, depth + 1);
      if (branch.onlyNull) shape.nullable = true;
      else branches.push({ raw, shape: branch });
    }
    const plain = types.length === 0 && values === undefined && !shape.properties && !shape.items;
    if (branches.length === 1 && plain) {
      // `anyOf: [X, {type: 'null'}]` is X that may be null, the 3.1 spelling of `nullable: true`.
      const only = branches[0].shape;
      return { ...only, nullable: only.nullable || shape.nullable, unresolved: [...shape.unresolved, ...only.unresolved] };
    }
    if (branches.length > 1) shape.variants = keyVariants(branches, schema.discriminator?.propertyName, doc);
    if (types.length === 0) types = shape.types = [...new Set(branches.flatMap((b) => b.shape.types))].sort();
  }
  if (types.length === 0) shape.types = inferTypes(shape);
  else shape.types = [...types].sort();
  return shape;
}

/**
 * Names for the branches of a union, so that two documents' branches are paired by meaning when
 * they can be: when every branch fixes the same property to one distinct value (`type: refund`),
 * the branch is named by it (`type=refund`); otherwise by position (`#0`, `#1`). `by` says which.
 */
function keyVariants(branches, named, doc) {
  const candidates = named ? [named] : Object.keys(branches[0].shape.properties ?? {});
  for (const name of candidates) {
    const values = branches.map((b) => {
      const property = b.shape.properties?.[name];
      const fixed = property === undefined ? undefined : shapeOf(property, doc, MAX_DEPTH).enum;
      return fixed?.length === 1 ? JSON.stringify(fixed[0]) : undefined;
    });
    if (values.every((v) => v !== undefined) && new Set(values).size === values.length) {
      return {
        by: name,
        list: branches.map((b, i) => ({ key: `${name}=${JSON.parse(values[i])}`, index: i, schema: b.raw })),
      };
    }
  }
  return { by: null, list: branches.map((b, i) => ({ key: `#${i}`, index: i, schema: b.raw })) };
}

/** The type a schema without `type` implies by its other keywords. */
function inferTypes(shape) {
  if (shape.properties) return ['object'];
  if (shape.items) return ['array'];
  if (shape.enum?.length) {
    const kinds = shape.enum.map((v) => (typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v));
    return [...new Set(kinds)].sort();
  }
  return [];
}

/** The rules a schema declares; 3.0's boolean exclusiveMinimum/Maximum read as 3.1's numbers. */
function rulesOf(schema) {
  const rules = {};
  for (const key of RULE_KEYWORDS) if (key in schema) rules[key] = schema[key];
  for (const [exclusive, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ]) {
    if (rules[exclusive] === true && typeof rules[bound] === 'number') {
      rules[exclusive] = rules[bound];
      delete rules[bound];
    } else if (rules[exclusive] === false) delete rules[exclusive];
  }
  return rules;
}

function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
