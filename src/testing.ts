// Entry point `sfcompute-client/testing`: a fake of the SF Compute API for testing code that uses
// the client, without spending money. The other entry points never load it.
export { createFakeSFCompute, DEFAULT_START_TIME, type FakeSFCompute } from './testing/fake-api.js';
export type {
  FakeAnswer,
  FakeCall,
  FakeFault,
  FakeOperationHandler,
  FakeSFComputeOptions,
  FaultOutcome,
  RecordedRequest,
  SeedNode,
  SeedProcurement,
  SeedToken,
} from './testing/options.js';
export type { FakeCapacity, FakeImage } from './testing/state.js';
export { startMockServer, type MockServer, type MockServerOptions } from './testing/mock-server.js';
