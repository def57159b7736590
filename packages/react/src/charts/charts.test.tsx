import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { axeViolations } from '../testing/axe';
import { makeLatencySeries, makeUptime } from '../testing/fixtures';
import { createMockHealthClient } from '../testing/mock-health-client';
import { renderWithClient } from '../testing/render';
import { LatencyChart } from './latency-chart';
import { UptimeBar, UptimeFigures } from './uptime-bar';

describe('UptimeBar', () => {
  it('shows the percentage and a labelled split of the checks', () => {
    render(<UptimeBar uptime={makeUptime('24h', 90, 4, 2)} />);
    expect(screen.getByText('Uptime, last 24 h')).toBeTruthy();
    expect(screen.getByText('97.92%')).toBeTruthy();
    expect(screen.getByRole('img').getAttribute('aria-label')).toBe(
      '96 checks: 90 healthy, 4 degraded, 2 unhealthy',
    );
  });

  it('says "No data" when there were no checks in the window', () => {
    render(<UptimeBar uptime={makeUptime('7d', 0, 0, 0)} />);
    expect(screen.getByText('No data')).toBeTruthy();
    expect(screen.getByRole('img').getAttribute('aria-label')).toBe(
      '0 checks: No checks in this window',
    );
  });

  it('fetches 24 h and 7 d through the provider', async () => {
    const client = createMockHealthClient();
    renderWithClient(<UptimeFigures connectionId="conn_prodslack" />, client);
    expect(await screen.findByText('Uptime, last 7 days')).toBeTruthy();
    expect(await screen.findByText('97.92%')).toBeTruthy();
    expect(client.calls.filter((c) => c === 'uptime')).toHaveLength(2);
  });
});

describe('LatencyChart', () => {
  it('gives screen readers the p50/p95 figures as a table', () => {
    const series = makeLatencySeries(3, Date.parse('2026-01-25T12:00:00Z'));
    render(<LatencyChart series={series} />);
    const table = screen.getByRole('table');
    const rows = table.querySelectorAll('tbody tr');
    expect(rows).toHaveLength(3);
    const first = series.points[0]!;
    expect(rows[0]!.textContent).toContain(`${first.p50} ms`);
    expect(rows[0]!.textContent).toContain(`${first.p95} ms`);
  });

  it('has empty and error states', () => {
    const { rerender } = render(<LatencyChart series={{ ...makeLatencySeries(2), points: [] }} />);
    expect(screen.getByText('No latency data yet')).toBeTruthy();
    rerender(<LatencyChart error={new Error('Timed out')} />);
    expect(screen.getByRole('alert').textContent).toContain('Timed out');
  });

  it('has no axe violations', async () => {
    const { container } = render(<LatencyChart series={makeLatencySeries()} />);
    expect(await axeViolations(container)).toEqual([]);
  });
});
