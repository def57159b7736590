import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { axeViolations } from '../testing/axe';
import { makeEvents, makeSummary } from '../testing/fixtures';
import { createMockHealthClient } from '../testing/mock-health-client';
import { renderWithClient } from '../testing/render';
import { HealthSummaryCard } from './health-summary-card';

const stat = (label: string) =>
  screen.getByText(label, { selector: 'dt' }).nextElementSibling?.textContent;

describe('HealthSummaryCard', () => {
  it('shows totals by status, 24 h uptime and the last check time', () => {
    render(<HealthSummaryCard summary={makeSummary(15)} events={[]} />);
    expect(stat('Connections')).toBe('15');
    expect(stat('Healthy')).toBe('10');
    expect(stat('Degraded')).toBe('3');
    expect(stat('Unhealthy')).toBe('2');
    expect(stat('Not checked')).toBe('0');
    expect(stat('Uptime (24 h)')).toBe('98.50%');
    expect(stat('Last check')).toBe('1 minute ago');
  });

  it('lists connections needing attention, unhealthy first, whatever order they arrive in', () => {
    const summary = makeSummary(15);
    summary.connections.reverse();
    render(<HealthSummaryCard summary={summary} events={[]} maxConnections={3} />);
    const items = within(screen.getByRole('list', { name: '' }) as HTMLElement).getAllByRole(
      'listitem',
    );
    const states = items
      .slice(0, 3)
      .map((item) =>
        item.querySelector('[data-slot="health-status-badge"]')?.getAttribute('data-state'),
      );
    expect(states).toEqual(['unhealthy', 'unhealthy', 'degraded']);
    expect(items[0]!.textContent).toContain('Credentials expired');
    expect(items[3]!.textContent).toBe('and 2 more');
  });

  it('counts never-checked connections as "Not checked", not as healthy', () => {
    render(<HealthSummaryCard summary={makeSummary(15, Date.now(), 4)} events={[]} />);
    expect(stat('Connections')).toBe('15');
    expect(stat('Healthy')).toBe('7');
    expect(stat('Degraded')).toBe('2');
    expect(stat('Unhealthy')).toBe('2');
    expect(stat('Not checked')).toBe('4');
    // Not listed as needing attention either: they have no result yet.
    const attention = screen.getByText('Needs attention').nextElementSibling as HTMLElement;
    expect(within(attention).getAllByRole('listitem')).toHaveLength(4);
  });

  it('does not call connections healthy that were never checked', () => {
    const some = { ...makeSummary(5, Date.now(), 2), connections: [], degraded: 0, unhealthy: 0 };
    const { unmount } = render(<HealthSummaryCard summary={{ ...some, healthy: 3 }} events={[]} />);
    expect(
      screen.getByText('All checked connections are healthy; 2 not checked yet.'),
    ).toBeTruthy();
    expect(screen.queryByText('All connections are healthy.')).toBeNull();
    unmount();
    render(<HealthSummaryCard summary={makeSummary(3, Date.now(), 3)} events={[]} />);
    expect(stat('Healthy')).toBe('0');
    expect(stat('Not checked')).toBe('3');
    expect(stat('Last check')).toBe('Never');
    expect(screen.getByText('No connection has been checked yet.')).toBeTruthy();
  });

  it('says all is well when nothing needs attention', () => {
    const summary = { ...makeSummary(2), connections: [], degraded: 0, unhealthy: 0, healthy: 2 };
    render(<HealthSummaryCard summary={summary} events={[]} />);
    expect(screen.getByText('All connections are healthy.')).toBeTruthy();
  });

  it('lists recent state changes with their reasons in words', () => {
    render(<HealthSummaryCard summary={makeSummary(3)} events={makeEvents()} />);
    const changes = screen.getByText('Recent changes').nextElementSibling as HTMLElement;
    const items = within(changes).getAllByRole('listitem');
    expect(items[0]!.textContent).toContain('Staging GitHub 1 Healthy → Unhealthy');
    expect(items[0]!.textContent).toContain('Credentials expired');
    expect(items[0]!.textContent).toContain('12 minutes ago');
    expect(items[2]!.textContent).toContain('first check: Healthy');
  });

  it('has an empty state for a tenant with no connections', () => {
    render(<HealthSummaryCard summary={makeSummary(0)} />);
    expect(screen.getByText('No connections yet')).toBeTruthy();
  });

  it('fetches the summary and events through the provider', async () => {
    const client = createMockHealthClient();
    renderWithClient(<HealthSummaryCard />, client);
    expect(screen.getByRole('status').textContent).toContain('Loading health summary');
    await screen.findByText('Needs attention');
    expect(await screen.findByText(/Healthy → Unhealthy/)).toBeTruthy();
    expect(client.calls).toEqual(expect.arrayContaining(['summary', 'events.list']));
  });

  it('shows the error with a retry when the summary fails', async () => {
    const client = createMockHealthClient({ failWith: new Error('API key rejected') });
    renderWithClient(<HealthSummaryCard />, client);
    expect((await screen.findByRole('alert')).textContent).toContain('API key rejected');
  });

  it('has no axe violations', async () => {
    const { container } = render(
      <HealthSummaryCard summary={makeSummary(15)} events={makeEvents()} />,
    );
    expect(await axeViolations(container)).toEqual([]);
  });
  it('says how many connections are in maintenance, only when some are', async () => {
    const { container, unmount } = render(
      <HealthSummaryCard summary={makeSummary(15, Date.now(), 0, 3)} events={makeEvents()} />,
    );
    expect(stat('In maintenance')).toBe('3');
    // A window overlays the statuses, it does not take connections out of them.
    expect(stat('Healthy')).toBe('10');
    expect(await axeViolations(container)).toEqual([]);
    unmount();
    render(<HealthSummaryCard summary={makeSummary(15)} events={[]} />);
    expect(screen.queryByText('In maintenance')).toBeNull();
    // An older server omits the field: nothing shown, nothing broken.
    const { inMaintenance: _omitted, ...older } = makeSummary(15, Date.now(), 0, 2);
    render(<HealthSummaryCard summary={older} events={[]} />);
    expect(screen.queryByText('In maintenance')).toBeNull();
  });
});
