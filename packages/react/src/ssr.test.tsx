// @vitest-environment node
import { QueryClient } from '@tanstack/react-query';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { LatencyChart, UptimeBar } from './charts';
import {
  ConnectionHealthPanel,
  ConnectionStatusBadge,
  HealthCheckTimeline,
  HealthClientProvider,
  HealthStatusBadge,
  HealthSummaryCard,
} from './index';
import {
  makeCheckHistory,
  makeConnectionDetail,
  makeEvents,
  makeLatencySeries,
  makeSummary,
  makeUptime,
} from './testing/fixtures';
import { createMockHealthClient } from './testing/mock-health-client';

describe('server rendering (no DOM)', () => {
  it('renders every component from data without touching window', () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
    const html = renderToString(
      <>
        <HealthStatusBadge
          status="degraded"
          reasons={['latency_high']}
          lastCheckedAt={new Date()}
        />
        <HealthCheckTimeline checks={makeCheckHistory({ count: 20 })} />
        <HealthSummaryCard summary={makeSummary(5)} events={makeEvents()} />
        <ConnectionHealthPanel connection={makeConnectionDetail('healthy')} checks={[]} />
        <UptimeBar uptime={makeUptime('24h', 10, 0, 0)} />
        <LatencyChart series={makeLatencySeries(4)} />
      </>,
    );
    expect(html).toContain('data-state="degraded"');
    expect(html).toContain('role="toolbar"');
    expect(html).toContain('Needs attention');
    expect(html).toContain('100.00%');
  });

  it('renders loading states for provider-backed components on the server', () => {
    const html = renderToString(
      <HealthClientProvider client={createMockHealthClient()} queryClient={new QueryClient()}>
        <ConnectionStatusBadge connectionId="conn_prodslack" />
        <HealthSummaryCard />
      </HealthClientProvider>,
    );
    expect(html).toContain('data-state="loading"');
    expect(html).toContain('Loading health summary');
  });
});
