import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { axeViolations } from '../testing/axe';
import { makeConnectionDetail } from '../testing/fixtures';
import { createMockHealthClient } from '../testing/mock-health-client';
import { renderWithClient } from '../testing/render';
import { ConnectionStatusBadge } from './connection-status-badge';
import { HealthStatusBadge } from './health-status-badge';

const badgeOf = (container: HTMLElement) =>
  container.querySelector('[data-slot="health-status-badge"]') as HTMLElement;

afterEach(() => vi.useRealTimers());

describe('HealthStatusBadge', () => {
  it.each([
    ['healthy', 'Healthy'],
    ['degraded', 'Degraded'],
    ['unhealthy', 'Unhealthy'],
  ] as const)('shows %s as text beside an icon, in data-state', (status, text) => {
    const { container } = render(<HealthStatusBadge status={status} />);
    const badge = badgeOf(container);
    expect(badge.dataset.state).toBe(status);
    expect(badge).toHaveProperty('textContent', text);
    expect(badge.querySelector('svg[aria-hidden="true"]')).not.toBeNull();
  });

  it('says "Not checked" for a connection that was never checked', () => {
    const { container } = render(<HealthStatusBadge status={null} />);
    expect(badgeOf(container).dataset.state).toBe('unknown');
    expect(badgeOf(container).textContent).toBe('Not checked');
  });

  it('merges className last and passes DOM props through', () => {
    const { container } = render(
      <HealthStatusBadge status="healthy" className="mine" data-testid="b" size="lg" />,
    );
    expect(badgeOf(container).className).toBe('wg-badge mine');
    expect(badgeOf(container).dataset.size).toBe('lg');
    expect(screen.getByTestId('b')).toBe(badgeOf(container));
  });

  it('explains the status in a tooltip: reasons in words and when it was last checked', async () => {
    render(
      <HealthStatusBadge
        status="degraded"
        reasons={['credential_expiring', 'latency_high']}
        lastCheckedAt={new Date(Date.now() - 4 * 60_000)}
      />,
    );
    fireEvent.focus(screen.getByText('Degraded').closest('.wg-badge-trigger')!);
    const tooltip = await screen.findByRole('tooltip');
    expect(tooltip.textContent).toContain('Credentials expire within the hour');
    expect(tooltip.textContent).toContain('Test action is slow');
    expect(tooltip.textContent).toContain('Last checked 4 minutes ago');
  });

  it('keeps "last checked" current while the tooltip stays open', async () => {
    vi.useFakeTimers({ now: new Date('2026-01-25T10:19:00Z') });
    render(<HealthStatusBadge status="healthy" lastCheckedAt="2026-01-25T10:15:00Z" />);
    fireEvent.focus(screen.getByText('Healthy').closest('.wg-badge-trigger')!);
    const tooltip = screen.getByRole('tooltip');
    expect(tooltip.textContent).toContain('4 minutes ago');
    act(() => {
      vi.advanceTimersByTime(3 * 60_000);
    });
    expect(screen.getByRole('tooltip').textContent).toContain('7 minutes ago');
  });

  it('says "Never checked" in the tooltip when there is no last check', () => {
    render(<HealthStatusBadge status="unknown" />);
    fireEvent.focus(screen.getByText('Not checked').closest('.wg-badge-trigger')!);
    expect(screen.getByRole('tooltip').textContent).toContain('Never checked');
  });

  it('fetches the connection by id through the provider', async () => {
    const client = createMockHealthClient({ connection: makeConnectionDetail('unhealthy') });
    const { container } = renderWithClient(
      <ConnectionStatusBadge connectionId="conn_prodslack" />,
      client,
    );
    expect(badgeOf(container).dataset.state).toBe('loading');
    await screen.findByText('Unhealthy');
    fireEvent.focus(screen.getByText('Unhealthy').closest('.wg-badge-trigger')!);
    const tooltip = screen.getByRole('tooltip');
    expect(within(tooltip).getByText('Test action failed')).toBeTruthy();
    expect(client.calls).toContain('connections.get');
  });

  it('shows a fetched connection without any check as never checked, not healthy', async () => {
    const client = createMockHealthClient({ connection: makeConnectionDetail('never') });
    renderWithClient(<ConnectionStatusBadge connectionId="conn_prodslack" />, client);
    expect(await screen.findByText('Not checked')).toBeTruthy();
  });

  it('renders from a connection object in hand, without any request', () => {
    const client = createMockHealthClient();
    const connection = makeConnectionDetail('degraded');
    const { container } = renderWithClient(<HealthStatusBadge connection={connection} />, client);
    expect(badgeOf(container).dataset.state).toBe('degraded');
    expect(client.calls).toEqual([]);
  });

  it('shows a connection object never checked as "Not checked", whatever its healthStatus', () => {
    const { container } = render(
      <HealthStatusBadge connection={{ healthStatus: 'healthy', lastHealthCheckAt: null }} />,
    );
    expect(badgeOf(container).dataset.state).toBe('unknown');
    expect(badgeOf(container).textContent).toBe('Not checked');
  });

  it('closes its tooltip on Escape', async () => {
    render(<HealthStatusBadge status="healthy" />);
    fireEvent.focus(screen.getByText('Healthy').closest('.wg-badge-trigger')!);
    await screen.findByRole('tooltip');
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(screen.queryByRole('tooltip')).toBeNull();
  });

  it('says when the status could not be loaded', async () => {
    const client = createMockHealthClient({ failWith: new Error('Network down') });
    const { container } = renderWithClient(
      <ConnectionStatusBadge connectionId="conn_x1" />,
      client,
    );
    await screen.findByText('Unavailable');
    expect(badgeOf(container).dataset.state).toBe('unknown');
  });

  it('has no axe violations, tooltip open or closed', async () => {
    const { container } = render(
      <div>
        <HealthStatusBadge status="healthy" />
        <HealthStatusBadge
          status="unhealthy"
          reasons={['breaker_open']}
          lastCheckedAt={new Date()}
        />
        <HealthStatusBadge status={null} size="sm" />
      </div>,
    );
    expect(await axeViolations(container)).toEqual([]);
    fireEvent.focus(screen.getByText('Unhealthy').closest('.wg-badge-trigger')!);
    await screen.findByRole('tooltip');
    expect(await axeViolations(document.body)).toEqual([]);
  });
  describe('in a maintenance window', () => {
    // A whole API connection, with a field this version does not know: tolerated, ignored.
    const inWindow = {
      ...makeConnectionDetail('unhealthy', { inMaintenance: true }),
      someFutureField: { nested: true },
    };

    it('shows "Maintenance" from the flag, the real status kept for screen readers', () => {
      const { container } = render(<HealthStatusBadge connection={inWindow} />);
      const badge = badgeOf(container);
      expect(badge.dataset.state).toBe('maintenance');
      expect(badge.dataset.healthStatus).toBe('unhealthy');
      expect(within(badge).getByText('Maintenance')).toBeTruthy();
      expect(
        screen.getByRole('button', { name: 'Maintenance, last status: Unhealthy' }),
      ).toBeTruthy();
    });

    it('says in the tooltip that alerts are held, the last status and its reasons', async () => {
      render(<HealthStatusBadge connection={inWindow} />);
      fireEvent.focus(screen.getByRole('button', { name: /^Maintenance/ }));
      const tooltip = await screen.findByRole('tooltip');
      expect(tooltip.textContent).toContain('alerts are held');
      expect(tooltip.textContent).toContain('Last status: Unhealthy');
      expect(tooltip.textContent).toContain('Test action failed');
      expect(await axeViolations(document.body)).toEqual([]);
    });

    it('says "Not checked" as the last status of a connection never checked', () => {
      const { container } = render(
        <HealthStatusBadge
          connection={{ healthStatus: 'healthy', lastHealthCheckAt: null, inMaintenance: true }}
        />,
      );
      expect(badgeOf(container).dataset.healthStatus).toBe('unknown');
      expect(screen.getByRole('button').textContent).toBe('Maintenance, last status: Not checked');
    });

    it('shows the status as usual once the window is over (flag false or absent)', () => {
      const { container } = render(
        <HealthStatusBadge connection={{ ...inWindow, inMaintenance: false }} />,
      );
      expect(badgeOf(container).dataset.state).toBe('unhealthy');
      expect(badgeOf(container).dataset.healthStatus).toBeUndefined();
      expect(badgeOf(container).textContent).toBe('Unhealthy');
    });

    it('has no axe violations', async () => {
      const { container } = render(
        <div>
          <HealthStatusBadge connection={inWindow} />
          <HealthStatusBadge status="maintenance" size="sm" tooltip={false} />
        </div>,
      );
      expect(await axeViolations(container)).toEqual([]);
    });
  });
});
