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
});
