import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { axeViolations } from '../testing/axe';
import { makeCheckHistory, makeConnectionDetail, makeFlappingHistory } from '../testing/fixtures';
import { createMockHealthClient } from '../testing/mock-health-client';
import { renderWithClient } from '../testing/render';
import { ConnectionHealthPanel } from './connection-health-panel';

const stat = (label: string) =>
  screen.getByText(label, { selector: 'dt' }).nextElementSibling?.textContent;

describe('ConnectionHealthPanel', () => {
  it('shows status, reasons, uptime, credentials, breaker and the test action in use', () => {
    const connection = makeConnectionDetail('unhealthy');
    render(
      <ConnectionHealthPanel connection={connection} checks={makeCheckHistory({ count: 10 })} />,
    );
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Health · Production Slack');
    const reasons = screen.getByText('Test action failed', { selector: 'li' }).parentElement!;
    expect(
      within(reasons)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Test action failed', 'Too many recent failures']);
    expect(stat('Uptime (24 h)')).toBe('87.50%');
    expect(stat('Uptime (7 d)')).toBe('95.24%');
    expect(stat('Circuit breaker')).toBe('Half-open (probing)3 consecutive failures');
    const action = document.querySelector('[data-slot="test-action"]')!;
    expect(action.textContent).toContain('GET /users/me');
    expect(action.textContent).toContain('Tagged "health-check"');
    expect(screen.getByRole('toolbar')).toBeTruthy();
  });

  it('without a provider or onCheck it leaves out the Check now button instead of failing', () => {
    render(<ConnectionHealthPanel connection={makeConnectionDetail('healthy')} checks={[]} />);
    expect(screen.queryByRole('button', { name: 'Check now' })).toBeNull();
    expect(screen.getByText('No health checks yet')).toBeTruthy();
  });

  it('says "Not checked yet" for a connection that was never checked', () => {
    render(<ConnectionHealthPanel connection={makeConnectionDetail('never')} checks={[]} />);
    expect(screen.getAllByText('Not checked yet')).toHaveLength(1);
    expect(stat('Uptime (24 h)')).toBe('No data');
  });

  it('says "Maintenance" while a window covers the connection, the last status kept', () => {
    render(
      <ConnectionHealthPanel
        connection={makeConnectionDetail('degraded', { inMaintenance: true })}
        checks={[]}
      />,
    );
    expect(screen.getByRole('button', { name: 'Maintenance, last status: Degraded' })).toBeTruthy();
  });

  it('fetches everything by connection id through the provider', async () => {
    const client = createMockHealthClient({ connection: makeConnectionDetail('degraded') });
    renderWithClient(<ConnectionHealthPanel connectionId="conn_prodslack" />, client);
    expect(screen.getByRole('status').textContent).toContain('Loading connection health');
    await screen.findByRole('toolbar');
    expect(screen.getByRole('button', { name: 'Check now' })).toBeTruthy();
    expect(screen.getByText('Credentials expire within the hour', { selector: 'li' })).toBeTruthy();
  });

  it('labels a flapping connection beside its status, from the checks the timeline loads', async () => {
    const client = createMockHealthClient({
      connection: makeConnectionDetail('healthy'),
      checks: makeFlappingHistory({ count: 48, flapping: 12 }),
    });
    const { container } = renderWithClient(
      <ConnectionHealthPanel connectionId="conn_prodslack" />,
      client,
    );
    await screen.findByRole('toolbar');
    const status = container.querySelector('.wg-panel-status')!;
    await within(status as HTMLElement).findByText('Flapping', { exact: true });
    // One request for the checks: the label reads the timeline's own query.
    expect(client.calls.filter((call) => call === 'healthChecks.list')).toHaveLength(1);
  });

  it('shows no flapping label for a steady history', () => {
    render(
      <ConnectionHealthPanel
        connection={makeConnectionDetail('healthy')}
        checks={makeCheckHistory({ count: 48, unhealthyRate: 0, degradedRate: 0 })}
      />,
    );
    expect(screen.queryByText('Flapping', { exact: true })).toBeNull();
  });

  it('shows a load failure with retry', async () => {
    const client = createMockHealthClient({ failWith: new Error('Connection not found') });
    renderWithClient(<ConnectionHealthPanel connectionId="conn_nope1" />, client);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Connection not found');
    expect(within(alert).getByRole('button', { name: 'Retry' })).toBeTruthy();
  });

  it('has no axe violations', async () => {
    const { container } = render(
      <ConnectionHealthPanel
        connection={makeConnectionDetail('degraded')}
        checks={makeCheckHistory({ count: 20 })}
        onCheck={async () => undefined}
      />,
    );
    expect(await axeViolations(container)).toEqual([]);
  });
});
