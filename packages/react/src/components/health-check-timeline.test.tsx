import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { axeViolations } from '../testing/axe';
import { makeCheck, makeCheckHistory, makeFlappingHistory } from '../testing/fixtures';
import { createMockHealthClient } from '../testing/mock-health-client';
import { renderWithClient } from '../testing/render';
import { HealthCheckTimeline } from './health-check-timeline';

const NOW = Date.parse('2026-01-25T12:00:00Z');
const blocks = () => within(screen.getByRole('toolbar')).getAllByRole('button');
const bodyRows = () =>
  screen.getByRole('table').querySelectorAll('tbody > tr:not(.wg-details-row)');

describe('HealthCheckTimeline status bar', () => {
  it('is a labelled toolbar with one labelled block per check, oldest first', () => {
    const checks = makeCheckHistory({ count: 5, now: NOW, unhealthyRate: 0, degradedRate: 0 });
    checks[0] = { ...checks[0]!, status: 'unhealthy' };
    render(<HealthCheckTimeline checks={checks} locale="en-GB" />);
    const toolbar = screen.getByRole('toolbar', { name: 'Health check status bar' });
    expect(toolbar.getAttribute('aria-orientation')).toBe('horizontal');
    const all = blocks();
    expect(all).toHaveLength(5);
    // Newest (first from the API) is rightmost.
    expect(all[4]!.dataset.state).toBe('unhealthy');
    expect(all[4]!.getAttribute('aria-label')).toMatch(/Unhealthy/);
    expect(all[0]!.getAttribute('aria-label')).toMatch(/Healthy, \d+ ms/);
  });

  it('is one tab stop, moved with arrow keys, Home and End', async () => {
    const user = userEvent.setup();
    render(<HealthCheckTimeline checks={makeCheckHistory({ count: 6, now: NOW })} />);
    const all = blocks();
    expect(all.filter((b) => b.tabIndex === 0)).toEqual([all[5]]);
    await user.tab();
    // The filters come first in tab order; tab until the toolbar is reached.
    while (document.activeElement?.getAttribute('data-slot') !== 'status-bar-block')
      await user.tab();
    expect(document.activeElement).toBe(all[5]);
    await user.keyboard('{ArrowLeft}{ArrowLeft}');
    expect(document.activeElement).toBe(all[3]);
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(all[4]);
    await user.keyboard('{Home}');
    expect(document.activeElement).toBe(all[0]);
    await user.keyboard('{ArrowLeft}');
    expect(document.activeElement).toBe(all[0]);
    await user.keyboard('{End}');
    expect(document.activeElement).toBe(all[5]);
    expect(all.filter((b) => b.tabIndex === 0)).toEqual([all[5]]);
  });

  it('buckets long histories, a bucket showing its worst status', () => {
    const checks = makeCheckHistory({ count: 672, now: NOW, unhealthyRate: 0, degradedRate: 0 });
    checks[100] = { ...checks[100]!, status: 'unhealthy' };
    render(<HealthCheckTimeline checks={checks} maxBlocks={84} />);
    const all = blocks();
    expect(all).toHaveLength(84);
    const bad = all.filter((b) => b.dataset.state === 'unhealthy');
    expect(bad).toHaveLength(1);
    expect(bad[0]!.getAttribute('aria-label')).toMatch(
      /^8 checks from .*: 1 unhealthy, 7 healthy$/,
    );
  });

  it('selecting a bucket narrows the table to its checks', async () => {
    const user = userEvent.setup();
    render(
      <HealthCheckTimeline checks={makeCheckHistory({ count: 40, now: NOW })} maxBlocks={10} />,
    );
    await user.click(blocks()[0]!);
    expect(bodyRows()).toHaveLength(4);
    await user.click(screen.getByRole('button', { name: 'Show all checks' }));
    expect(bodyRows()).toHaveLength(40);
  });

  it('activating a single-check block expands its row', async () => {
    const user = userEvent.setup();
    const checks = [
      makeCheck('unhealthy', { id: 'hc_bad', createdAt: '2026-01-25T11:45:00Z' }),
      makeCheck('healthy', { id: 'hc_ok', createdAt: '2026-01-25T11:30:00Z' }),
    ];
    render(<HealthCheckTimeline checks={checks} />);
    blocks()[1]!.focus();
    await user.keyboard('{Enter}');
    expect(screen.getByText(/Suggested fix:/)).toBeTruthy();
  });
});

describe('HealthCheckTimeline render prop', () => {
  it('lets the caller replace block markup while keeping keyboard behaviour', async () => {
    const user = userEvent.setup();
    render(
      <HealthCheckTimeline
        checks={makeCheckHistory({ count: 3, now: NOW })}
        renderBlock={(block, { key, ...props }) => (
          <button key={key} type="button" {...props} className="custom-block">
            {block.status[0]}
          </button>
        )}
      />,
    );
    const all = blocks();
    expect(all.map((b) => b.className)).toEqual(['custom-block', 'custom-block', 'custom-block']);
    all[2]!.focus();
    await user.keyboard('{ArrowLeft}');
    expect(document.activeElement).toBe(all[1]);
  });
});

describe('HealthCheckTimeline table', () => {
  const failed = makeCheck('unhealthy', {
    id: 'hc_failed',
    createdAt: '2026-01-25T11:45:00Z',
    testActionStatusCode: 503,
    error: { code: 'HTTP_5XX', message: 'GET /users/me answered 503', statusCode: 503 },
  });
  const ok = makeCheck('healthy', { id: 'hc_ok', createdAt: '2026-01-25T11:30:00Z' });

  it('expands a row to the error and the core suggested resolution, and collapses it', async () => {
    const user = userEvent.setup();
    render(<HealthCheckTimeline checks={[ok, failed]} />);
    const rows = bodyRows();
    // Newest first in the table.
    expect(rows[0]!.getAttribute('data-state')).toBe('unhealthy');
    const toggle = within(rows[0] as HTMLElement).getByRole('button');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await user.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const details = document.getElementById(toggle.getAttribute('aria-controls')!)!;
    expect(details.textContent).toContain('Server error (503)');
    expect(details.textContent).toContain('GET /users/me answered 503');
    expect(details.textContent).toContain('the problem is on the provider side');
    await user.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByText(/Suggested fix/)).toBeNull();
  });

  it('filters by status', async () => {
    const user = userEvent.setup();
    const checks = makeCheckHistory({ count: 200, now: NOW });
    const unhealthy = checks.filter((c) => c.status === 'unhealthy').length;
    render(<HealthCheckTimeline checks={checks} pageSize={500} />);
    await user.selectOptions(screen.getByLabelText('Status'), 'unhealthy');
    expect(bodyRows()).toHaveLength(unhealthy);
    expect(blocks().every((b) => b.dataset.state === 'unhealthy')).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(bodyRows()).toHaveLength(200);
  });

  it('filters by an inclusive date range', () => {
    // Hourly checks over three local days: 24 a day.
    const end = new Date(2026, 0, 25, 23, 30).getTime();
    const checks = makeCheckHistory({ count: 72, now: end, intervalMinutes: 60 });
    render(<HealthCheckTimeline checks={checks} pageSize={100} />);
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-01-24' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-01-24' } });
    expect(bodyRows()).toHaveLength(24);
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-01-25' } });
    expect(bodyRows()).toHaveLength(48);
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '' } });
    expect(bodyRows()).toHaveLength(72);
  });

  it('says when no check matches the filters', async () => {
    const user = userEvent.setup();
    render(<HealthCheckTimeline checks={[ok]} />);
    await user.selectOptions(screen.getByLabelText('Status'), 'degraded');
    expect(screen.getByText('No checks match these filters')).toBeTruthy();
  });

  it('pages long tables with "Show more"', async () => {
    const user = userEvent.setup();
    render(<HealthCheckTimeline checks={makeCheckHistory({ count: 672, now: NOW })} />);
    expect(bodyRows()).toHaveLength(50);
    expect(screen.getByText('Showing 50 of 672 checks')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Show more' }));
    expect(bodyRows()).toHaveLength(100);
  });
});

describe('HealthCheckTimeline states', () => {
  it('has empty, loading and error states, with retry', async () => {
    const user = userEvent.setup();
    const { rerender } = render(<HealthCheckTimeline checks={[]} />);
    expect(screen.getByText('No health checks yet')).toBeTruthy();
    rerender(<HealthCheckTimeline isLoading />);
    expect(screen.getByRole('status').textContent).toContain('Loading health checks');
    let retried = 0;
    rerender(
      <HealthCheckTimeline error={new Error('Server unavailable')} onRetry={() => retried++} />,
    );
    expect(screen.getByRole('alert').textContent).toContain('Server unavailable');
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(retried).toBe(1);
  });

  it('fetches pages through the provider and sends filters to the server', async () => {
    const user = userEvent.setup();
    const history = makeCheckHistory({ count: 250, now: NOW });
    const client = createMockHealthClient({ checks: history });
    const seen: unknown[] = [];
    const list = client.healthChecks.list;
    client.healthChecks.list = (id, params) => {
      seen.push(params);
      return list(id, params);
    };
    renderWithClient(<HealthCheckTimeline connectionId="conn_prodslack" pageSize={100} />, client);
    await screen.findByRole('toolbar');
    expect(bodyRows()).toHaveLength(100);
    await user.click(screen.getByRole('button', { name: 'Load older checks' }));
    await waitFor(() => expect(bodyRows()).toHaveLength(200));
    await user.selectOptions(screen.getByLabelText('Status'), 'degraded');
    await waitFor(() => expect(seen.at(-1)).toEqual({ status: 'degraded', limit: 100 }));
    await waitFor(() =>
      expect(bodyRows()).toHaveLength(history.filter((c) => c.status === 'degraded').length),
    );
  });

  it('has no axe violations with a row expanded', async () => {
    const user = userEvent.setup();
    const { container } = render(
      <HealthCheckTimeline checks={makeCheckHistory({ count: 30, now: NOW })} />,
    );
    await user.click(within(bodyRows()[0] as HTMLElement).getByRole('button'));
    expect(await axeViolations(container)).toEqual([]);
  });
});

describe('HealthCheckTimeline flapping label', () => {
  const label = () => screen.queryByText('Flapping', { exact: true });

  it('labels a flapping history "Flapping", with how often it changed state', async () => {
    const { container } = render(
      <HealthCheckTimeline checks={makeFlappingHistory({ now: NOW, flapping: 12 })} />,
    );
    const flapping = label();
    expect(flapping).not.toBeNull();
    const element = flapping!.closest('[data-slot="flapping-label"]')!;
    expect(element.getAttribute('title')).toBe('Changed state 11 times in the last 12 checks');
    // Text, not colour only, and the why is in the accessible text too.
    expect(element.textContent).toBe('Flapping: changed state 11 times in the last 12 checks');
    // Beside the title, in the card header.
    expect(element.closest('header')?.textContent).toContain('Health check history');
    expect(await axeViolations(container)).toEqual([]);
  });

  it("labels unhealthy and healthy in turn too, at the rule's edge of 6 changes in 12", () => {
    const history = makeFlappingHistory({ now: NOW, flapping: 7, other: 'unhealthy' });
    render(<HealthCheckTimeline checks={history} />);
    expect(label()?.closest('[data-slot="flapping-label"]')?.getAttribute('title')).toBe(
      'Changed state 6 times in the last 12 checks',
    );
  });

  it('shows no label for a stable history, steady failure or too few checks', () => {
    const { rerender } = render(
      <HealthCheckTimeline
        checks={makeCheckHistory({ count: 48, now: NOW, unhealthyRate: 0, degradedRate: 0 })}
      />,
    );
    expect(label()).toBeNull();
    rerender(
      <HealthCheckTimeline
        checks={makeCheckHistory({ count: 48, now: NOW, unhealthyRate: 1, degradedRate: 0 })}
      />,
    );
    expect(label()).toBeNull();
    // 4 changes in 12: short of the rule (6).
    rerender(<HealthCheckTimeline checks={makeFlappingHistory({ now: NOW, flapping: 5 })} />);
    expect(label()).toBeNull();
    // Alternating, but only 5 checks so far.
    rerender(
      <HealthCheckTimeline checks={makeFlappingHistory({ now: NOW, count: 5, flapping: 5 })} />,
    );
    expect(label()).toBeNull();
  });

  it('judges the newest checks only: a flap that settled is no longer labelled', () => {
    const settled = makeFlappingHistory({ now: NOW - 12 * 15 * 60_000, flapping: 24 });
    const steady = makeCheckHistory({ count: 12, now: NOW, unhealthyRate: 0, degradedRate: 0 });
    render(<HealthCheckTimeline checks={[...steady, ...settled]} />);
    expect(label()).toBeNull();
  });

  it('is not judged on a filtered history', () => {
    render(
      <HealthCheckTimeline
        checks={makeFlappingHistory({ now: NOW })}
        defaultFilters={{ from: '2026-01-24' }}
      />,
    );
    expect(label()).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(label()).not.toBeNull();
  });
});
