import {
  EXPIRING_REFRESH_MS,
  renewExpiringCredential,
  type SeededDemo,
  seedDemoTenant,
} from './demo-tenant';
import {
  type SandboxUpstream,
  type SandboxUpstreamOptions,
  startSandboxUpstream,
} from './sandbox-upstream';

/**
 * Hosts the SSRF guard must let through for the demo: the sandbox listens on loopback, which
 * the guard refuses by default. Add these to `WAYGATE_OUTBOUND_ALLOW` before the server starts.
 */
export const DEMO_OUTBOUND_ALLOW = ['127.0.0.1'] as const;

export interface StartDemoOptions {
  /** The running server's origin, e.g. `http://127.0.0.1:3000`. */
  apiUrl: string;
  /** An API key of the tenant to fill (the default tenant's key printed on first start). */
  apiKey: string;
  /**
   * A sandbox started earlier with `startSandboxUpstream()` (start it before the server when the
   * allow-list is built from it); one is started here otherwise and stopped by `stop()`.
   */
  sandbox?: SandboxUpstream;
  sandboxOptions?: SandboxUpstreamOptions;
  /** Minutes between scheduled checks of the demo integrations (default 1). */
  intervalMinutes?: number;
  /** Where progress lines go (default: nowhere). */
  log?: (line: string) => void;
  fetch?: typeof fetch;
}

export interface DemoHandle {
  sandbox: SandboxUpstream;
  seeded: SeededDemo;
  stop: () => Promise<void>;
}

const SCENARIO_LABEL: Record<SeededDemo['connections'][number]['scenario'], string> = {
  healthy: 'healthy',
  slow: 'slow endpoint (> 2 s): degraded',
  credential_expiring: 'credential expiring within the hour: degraded',
  credential_expired: 'expired credential: unhealthy, no outbound call',
  failing: 'endpoint answering 500: unhealthy',
  timing_out: 'endpoint that never answers: unhealthy (timeout)',
  flapping: 'flapping endpoint: fast then slow, healthy ↔ degraded on every check',
};

/**
 * The demo sandbox: a loopback upstream API plus a tenant whose connections show every health
 * state (healthy, slow, expiring, expired, failing, timing out, flapping) as soon as the
 * scheduler's first sweep runs; with a 1-minute interval the states keep moving live.
 */
export async function startDemo(options: StartDemoOptions): Promise<DemoHandle> {
  const log = options.log ?? (() => undefined);
  const ownSandbox = !options.sandbox;
  const sandbox = options.sandbox ?? (await startSandboxUpstream(options.sandboxOptions));
  try {
    const seeded = await seedDemoTenant({
      apiUrl: options.apiUrl,
      apiKey: options.apiKey,
      sandboxUrl: sandbox.url,
      ...(options.intervalMinutes ? { intervalMinutes: options.intervalMinutes } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    log(
      `Demo sandbox API on ${sandbox.url}; ${seeded.reused ? 'updated' : 'created'} ${seeded.integrations.length} integrations and ${seeded.connections.length} connections:`,
    );
    for (const connection of seeded.connections) {
      log(`  ${connection.name.padEnd(28)} ${SCENARIO_LABEL[connection.scenario]}`);
    }

    const expiring = seeded.connections.find((c) => c.scenario === 'credential_expiring');
    const timer = expiring
      ? setInterval(() => {
          renewExpiringCredential(
            {
              apiUrl: options.apiUrl,
              apiKey: options.apiKey,
              ...(options.fetch ? { fetch: options.fetch } : {}),
            },
            expiring.id,
          ).catch((error: unknown) =>
            log(`Demo: could not renew the expiring credential: ${String(error)}`),
          );
        }, EXPIRING_REFRESH_MS)
      : null;
    timer?.unref();

    return {
      sandbox,
      seeded,
      stop: async () => {
        if (timer) clearInterval(timer);
        if (ownSandbox) await sandbox.stop();
      },
    };
  } catch (error) {
    if (ownSandbox) await sandbox.stop();
    throw error;
  }
}
