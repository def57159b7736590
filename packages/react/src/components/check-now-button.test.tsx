import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { healthKeys } from '../hooks/query-keys';
import { axeViolations } from '../testing/axe';
import { makeConnectionDetail } from '../testing/fixtures';
import { createMockHealthClient, rateLimitedError } from '../testing/mock-health-client';
import { renderWithClient } from '../testing/render';
import { CheckNowButton } from './check-now-button';
import { HealthCheckTimeline } from './health-check-timeline';
import { HealthSummaryCard } from './health-summary-card';

afterEach(() => vi.useRealTimers());

describe('CheckNowButton', () => {
  it('is disabled and says "Checking…" while the check runs', async () => {
    const user = userEvent.setup();
    let finish: (value: unknown) => void = () => {};
    render(<CheckNowButton onCheck={() => new Promise((resolve) => (finish = resolve))} />);
    const button = screen.getByRole('button', { name: 'Check now' });
    await user.click(button);
    expect(button.textContent).toBe('Checking…');
    expect(button).toHaveProperty('disabled', true);
    expect(button.getAttribute('aria-busy')).toBe('true');
    await act(async () => finish(undefined));
    expect(button.textContent).toBe('Check now');
    expect(button).toHaveProperty('disabled', false);
  });

  it('on a 429 counts down "try again in N s" and re-enables when it reaches zero', async () => {
    vi.useFakeTimers({ now: new Date('2026-01-25T10:00:00Z') });
    render(<CheckNowButton onCheck={() => Promise.reject(rateLimitedError(3_000))} />);
    const button = screen.getByRole('button');
    await act(async () => {
      fireEvent.click(button);
    });
    expect(screen.getByRole('status').textContent).toBe('Rate limited: try again in 3 s');
    expect(button).toHaveProperty('disabled', true);
    expect(button.dataset.state).toBe('rate-limited');
    act(() => {
      vi.advanceTimersByTime(1_000);
    });
    expect(screen.getByRole('status').textContent).toBe('Rate limited: try again in 2 s');
    act(() => {
      vi.advanceTimersByTime(2_000);
    });
    expect(screen.getByRole('status').textContent).toBe('');
    expect(button).toHaveProperty('disabled', false);
  });

  it('reads the wait from an API error body when the error has no retryAfterMs', async () => {
    const user = userEvent.setup();
    const apiError = { status: 429, message: 'Rate limited', details: { retryAfterSeconds: 42 } };
    render(<CheckNowButton onCheck={() => Promise.reject(apiError)} />);
    await user.click(screen.getByRole('button'));
    expect(screen.getByRole('status').textContent).toBe('Rate limited: try again in 42 s');
  });

  it('shows other failures and stays usable', async () => {
    const user = userEvent.setup();
    render(<CheckNowButton onCheck={() => Promise.reject(new Error('Connection not found'))} />);
    await user.click(screen.getByRole('button'));
    expect(screen.getByRole('status').textContent).toBe('Check failed: Connection not found');
    expect(screen.getByRole('button')).toHaveProperty('disabled', false);
  });

  it('composes the caller onClick instead of replacing it', async () => {
    const user = userEvent.setup();
    const onClick = vi.fn();
    const onCheck = vi.fn(async () => undefined);
    render(<CheckNowButton onCheck={onCheck} onClick={onClick} className="extra" />);
    await user.click(screen.getByRole('button'));
    expect(onClick).toHaveBeenCalledOnce();
    expect(onCheck).toHaveBeenCalledOnce();
    expect(screen.getByRole('button').className).toBe('wg-button wg-button-primary extra');
  });

  it('triggers through the client and refreshes history, latest check and summary', async () => {
    const user = userEvent.setup();
    const client = createMockHealthClient({ connection: makeConnectionDetail('healthy') });
    const { queryClient } = renderWithClient(
      <>
        <CheckNowButton connectionId="conn_prodslack" />
        <HealthCheckTimeline connectionId="conn_prodslack" />
        <HealthSummaryCard />
      </>,
      client,
    );
    await screen.findByRole('toolbar');
    await screen.findByText('Needs attention');
    const before = client.calls.length;
    const rowsBefore = screen.getByText(/^Showing 50 of/).textContent;
    await user.click(screen.getByRole('button', { name: 'Check now' }));
    await waitFor(() =>
      expect(screen.getByText(/^Showing 50 of/).textContent).not.toBe(rowsBefore),
    );
    const after = client.calls.slice(before);
    expect(after).toContain('trigger');
    expect(after).toContain('healthChecks.list');
    expect(after).toContain('summary');
    expect(after).toContain('events.list');
    // The new check is the latest at once, without waiting for a refetch.
    const latest = queryClient.getQueryData(healthKeys.latest('conn_prodslack')) as {
      checkType: string;
    };
    expect(latest.checkType).toBe('manual');
  });

  it('shows a 429 from the client with its retry time and never retries the trigger', async () => {
    const user = userEvent.setup();
    const client = createMockHealthClient({ triggerError: rateLimitedError(90_000) });
    renderWithClient(<CheckNowButton connectionId="conn_prodslack" />, client);
    await user.click(screen.getByRole('button'));
    await screen.findByText('Rate limited: try again in 90 s');
    expect(client.calls.filter((c) => c === 'trigger')).toHaveLength(1);
  });

  it('has no axe violations', async () => {
    const { container } = render(<CheckNowButton onCheck={async () => undefined} />);
    expect(await axeViolations(container)).toEqual([]);
  });
});
