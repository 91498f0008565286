// Spec lint rules of our own (loaded by redocly.yaml as the `sfc` plugin): the client's methods are
// generated from `x-sfc-method`, so every operation names its method, and no two name the same one.
// The generator (scripts/resource-methods.mjs) checks the same, for specs it is handed directly.

const METHOD_NAME = /^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)+$/;

function methodNames() {
  const seen = new Map();
  return {
    Operation: {
      enter(operation, { report, location }) {
        const name = operation['x-sfc-method'];
        const id = operation.operationId ?? 'an operation without operationId';
        if (name === undefined) {
          report({ message: `${id} has no x-sfc-method: say which client method calls it (e.g. nodes.extend).`, location });
          return;
        }
        if (typeof name !== 'string' || !METHOD_NAME.test(name)) {
          report({
            message: `${id}: x-sfc-method must be <resource>.<method> in camelCase words joined by dots (got ${JSON.stringify(name)}).`,
            location: location.child('x-sfc-method'),
          });
          return;
        }
        const first = seen.get(name);
        if (first !== undefined) {
          report({ message: `${id}: x-sfc-method ${name} is already the method of ${first}.`, location: location.child('x-sfc-method') });
          return;
        }
        seen.set(name, id);
      },
    },
  };
}

export default function sfcRules() {
  return { id: 'sfc', rules: { oas3: { 'method-names': methodNames } } };
}
