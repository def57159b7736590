export { createDemoApi, type DemoApi, DemoApiError, type DemoPage } from './demo-api';
export {
  DEMO_INTEGRATIONS,
  type DemoConnectionSpec,
  type DemoScenario,
  renewExpiringCredential,
  type SeedDemoOptions,
  type SeededDemo,
  seedDemoTenant,
} from './demo-tenant';
export {
  DEFAULT_HANG_MS,
  DEFAULT_SLOW_MS,
  type SandboxUpstream,
  type SandboxUpstreamOptions,
  startSandboxUpstream,
} from './sandbox-upstream';
export { type DemoServer, type ServeDemoOptions, serveDemo } from './serve-demo';
export {
  DEMO_OUTBOUND_ALLOW,
  type DemoHandle,
  type StartDemoOptions,
  startDemo,
} from './start-demo';
