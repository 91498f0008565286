// Entry point `sfcompute-client/core`: the same client (on openapi-fetch, like the main entry)
// without the compiled validators and without `sfc.raw`, for bundles that must stay small. Input
// is still checked for what keeps a URL safe (ids, filters); schema checks happen only when
// validators are passed:
//   import { validators } from 'sfcompute-client/validators';
//   new SFCompute({ validators });
export * from './exports.js';
export { SFCompute } from './client.js';
