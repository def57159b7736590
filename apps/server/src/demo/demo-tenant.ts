import type {
  Action,
  Connection,
  CreateActionInput,
  CreateConnectionInput,
  CreateIntegrationInput,
  HealthCheckStatus,
  Integration,
} from '@waygate/health-core';
import { createDemoApi, type DemoApi, type DemoPage } from './demo-api';

/** What each demo connection is there to show, and the status its checks should settle on. */
export type DemoScenario =
  | 'healthy'
  | 'slow'
  | 'credential_expiring'
  | 'credential_expired'
  | 'failing'
  | 'timing_out'
  | 'flapping';

export interface DemoConnectionSpec {
  scenario: DemoScenario;
  name: string;
  /** The status a check of this connection yields (flapping: the first one, then it alternates with degraded). */
  expectedStatus: HealthCheckStatus;
}

interface DemoIntegrationSpec {
  name: string;
  vendor: string;
  authType: CreateIntegrationInput['authType'];
  apiKeyPlacement?: CreateIntegrationInput['apiKeyPlacement'];
  actions: CreateActionInput[];
  connections: (DemoConnectionSpec & {
    /** Path of the action this connection overrides its test action with. */
    testActionPath?: string;
    credentials: (now: Date) => NonNullable<CreateConnectionInput['credentials']>;
  })[];
}

const MINUTE = 60_000;
/** Expiring means "< 1 hour left"; 40 minutes stays inside that window for a while. */
export const EXPIRING_IN_MS = 40 * MINUTE;
/** The demo refreshes the expiring credential before it would become expired. */
export const EXPIRING_REFRESH_MS = 20 * MINUTE;

export const DEMO_INTEGRATIONS: DemoIntegrationSpec[] = [
  {
    name: 'Acme CRM',
    vendor: 'acme',
    authType: 'bearer',
    actions: [
      { name: 'Get current user', method: 'GET', path: '/me', tags: ['health-check'] },
      { name: 'Export report', method: 'GET', path: '/slow' },
      { name: 'Search contacts', method: 'GET', path: '/flap' },
      { name: 'Create note', method: 'POST', path: '/notes' },
    ],
    connections: [
      {
        scenario: 'healthy',
        name: 'Acme · Production',
        expectedStatus: 'healthy',
        credentials: () => ({ type: 'bearer', token: 'demo-acme-production' }),
      },
      {
        scenario: 'slow',
        name: 'Acme · Reporting',
        expectedStatus: 'degraded',
        testActionPath: '/slow',
        credentials: () => ({ type: 'bearer', token: 'demo-acme-reporting' }),
      },
      {
        scenario: 'flapping',
        name: 'Acme · EU region',
        expectedStatus: 'healthy',
        testActionPath: '/flap',
        credentials: () => ({ type: 'bearer', token: 'demo-acme-eu' }),
      },
    ],
  },
  {
    name: 'Globex Billing',
    vendor: 'globex',
    authType: 'oauth2',
    actions: [{ name: 'Who am I', method: 'GET', path: '/me', tags: ['health-check'] }],
    connections: [
      {
        scenario: 'credential_expiring',
        name: 'Globex · Main account',
        expectedStatus: 'degraded',
        credentials: (now) => ({
          type: 'oauth2',
          accessToken: 'demo-globex-main',
          refreshToken: 'demo-globex-main-refresh',
          expiresAt: new Date(now.getTime() + EXPIRING_IN_MS).toISOString(),
        }),
      },
      {
        scenario: 'credential_expired',
        name: 'Globex · Legacy account',
        expectedStatus: 'unhealthy',
        credentials: (now) => ({
          type: 'oauth2',
          accessToken: 'demo-globex-legacy',
          expiresAt: new Date(now.getTime() - 24 * 60 * MINUTE).toISOString(),
        }),
      },
    ],
  },
  {
    name: 'Initech Helpdesk',
    vendor: 'initech',
    authType: 'api_key',
    apiKeyPlacement: { in: 'header', name: 'X-API-Key' },
    actions: [
      { name: 'Ping', method: 'GET', path: '/ping', tags: ['health-check'] },
      { name: 'List tickets', method: 'GET', path: '/tickets' },
      { name: 'Search archive', method: 'GET', path: '/archive' },
    ],
    connections: [
      {
        scenario: 'failing',
        name: 'Initech · Tickets',
        expectedStatus: 'unhealthy',
        testActionPath: '/tickets',
        credentials: () => ({ type: 'api_key', key: 'demo-initech-tickets' }),
      },
      {
        scenario: 'timing_out',
        name: 'Initech · On-prem archive',
        expectedStatus: 'unhealthy',
        testActionPath: '/archive',
        credentials: () => ({ type: 'api_key', key: 'demo-initech-archive' }),
      },
    ],
  },
];

export interface SeededDemo {
  integrations: Integration[];
  connections: (Connection & { scenario: DemoScenario; expectedStatus: HealthCheckStatus })[];
  /** True when the tenant already had the demo and it was only brought up to date. */
  reused: boolean;
}

export interface SeedDemoOptions {
  /** Server origin (`http://127.0.0.1:3000`) or its `/api/v1` URL. */
  apiUrl: string;
  apiKey: string;
  /** The sandbox upstream's URL (from `startSandboxUpstream`). */
  sandboxUrl: string;
  /** Minutes between scheduled checks of the demo integrations (default 1: states move live). */
  intervalMinutes?: number;
  now?: () => Date;
  fetch?: typeof fetch;
}

async function listAll<T>(api: DemoApi, path: string): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  // 100 pages of 100: far beyond any demo, and a guard against a cursor that never ends.
  for (let guard = 0; guard < 100; guard += 1) {
    const sep = path.includes('?') ? '&' : '?';
    const page: DemoPage<T> = await api.page<T>(
      `${path}${sep}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    out.push(...page.data);
    if (!page.pagination.hasMore || !page.pagination.cursor) break;
    cursor = page.pagination.cursor;
  }
  return out;
}

/**
 * Creates (or, on a later start, brings up to date) the demo tenant's integrations, actions and
 * connections through the HTTP API. Idempotent by name: restarting the demo on the same data
 * directory re-points the integrations at the new sandbox port and renews the expiring
 * credential instead of duplicating anything.
 */
export async function seedDemoTenant(options: SeedDemoOptions): Promise<SeededDemo> {
  const api = createDemoApi(options);
  const now = options.now ?? (() => new Date());
  const intervalMinutes = options.intervalMinutes ?? 1;
  const sandbox = options.sandboxUrl.replace(/\/+$/, '');

  const existing = await listAll<Integration>(api, '/integrations');
  const byName = new Map(existing.map((integration) => [integration.name, integration]));
  let reused = true;
  const integrations: Integration[] = [];
  const connections: SeededDemo['connections'] = [];

  for (const spec of DEMO_INTEGRATIONS) {
    const baseUrl = `${sandbox}/${spec.vendor}`;
    const healthCheckConfig = { enabled: true, intervalMinutes };
    let integration = byName.get(spec.name);
    if (integration) {
      integration = await api.patch<Integration>(`/integrations/${integration.id}`, {
        baseUrl,
        status: 'active',
        healthCheckConfig,
      });
    } else {
      reused = false;
      integration = await api.post<Integration>('/integrations', {
        name: spec.name,
        baseUrl,
        status: 'active',
        authType: spec.authType,
        ...(spec.apiKeyPlacement ? { apiKeyPlacement: spec.apiKeyPlacement } : {}),
        healthCheckConfig,
      } satisfies CreateIntegrationInput);
    }
    integrations.push(integration);

    const actions = await listAll<Action>(api, `/integrations/${integration.id}/actions`);
    const actionByPath = new Map(
      actions.map((action) => [`${action.method} ${action.path}`, action]),
    );
    for (const actionSpec of spec.actions) {
      const key = `${actionSpec.method} ${actionSpec.path}`;
      if (!actionByPath.has(key)) {
        const created = await api.post<Action>(
          `/integrations/${integration.id}/actions`,
          actionSpec,
        );
        actionByPath.set(key, created);
      }
    }

    const current = await listAll<Connection>(
      api,
      `/connections?integrationId=${encodeURIComponent(integration.id)}`,
    );
    const connectionByName = new Map(current.map((connection) => [connection.name, connection]));
    for (const connectionSpec of spec.connections) {
      const testAction = connectionSpec.testActionPath
        ? actionByPath.get(`GET ${connectionSpec.testActionPath}`)
        : undefined;
      const found = connectionByName.get(connectionSpec.name);
      let connection: Connection;
      if (found) {
        // Renew time-relative credentials so "expiring" and "expired" still show what they say.
        connection = await api.patch<Connection>(`/connections/${found.id}`, {
          status: 'active',
          credentials: connectionSpec.credentials(now()),
          healthCheckTestActionId: testAction?.id ?? null,
        });
      } else {
        connection = await api.post<Connection>('/connections', {
          integrationId: integration.id,
          name: connectionSpec.name,
          status: 'active',
          credentials: connectionSpec.credentials(now()),
          ...(testAction ? { healthCheckTestActionId: testAction.id } : {}),
        } satisfies CreateConnectionInput);
      }
      connections.push({
        ...connection,
        scenario: connectionSpec.scenario,
        expectedStatus: connectionSpec.expectedStatus,
      });
    }
  }
  return { integrations, connections, reused };
}

/** Pushes the expiring credential's expiry forward again, so it stays "expiring" for a long demo. */
export async function renewExpiringCredential(
  options: Pick<SeedDemoOptions, 'apiUrl' | 'apiKey' | 'fetch' | 'now'>,
  connectionId: string,
): Promise<void> {
  const spec = DEMO_INTEGRATIONS.flatMap((integration) => integration.connections).find(
    (connection) => connection.scenario === 'credential_expiring',
  );
  if (!spec) return;
  const now = options.now ?? (() => new Date());
  await createDemoApi(options).patch(`/connections/${connectionId}`, {
    credentials: spec.credentials(now()),
  });
}
