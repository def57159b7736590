// The package entry, for the other workspace packages' tests and benches (the server is private):
// an app in process, a test server on a real database, and the public-id codec their fixtures
// use. Everything else is internal; add an export here only with a consumer.
export { type AppDeps, createApp } from './app';
export { fromPublicId, newUuid, toPublicId } from './ids';
export { createTestServer, type TestServer, type TestServerOptions } from './testing/test-server';
