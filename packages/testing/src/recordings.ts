// Contract-test entry point. Kept apart from the package index because loading nock intercepts
// every outgoing request of the process, which end-to-end tests must not have.
export * from './nock-back';
export * from './element-harness';
export * from './conformance';
