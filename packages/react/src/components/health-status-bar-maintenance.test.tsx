import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { axeViolations } from '../testing/axe';
import { makeCheckHistory } from '../testing/fixtures';
import { bucketChecks, sortChecksAscending } from './bucket-checks';
import { HealthCheckTimeline } from './health-check-timeline';

const NOW = Date.parse('2026-01-25T12:00:00Z');

describe('maintenance in the status bar', () => {
  it('draws checks taken in a maintenance window grey and says so in the label', async () => {
    const checks = makeCheckHistory({ count: 4, now: NOW, unhealthyRate: 0, degradedRate: 0 });
    // Newest first from the API: the newest check failed during a window.
    checks[0] = { ...checks[0]!, status: 'unhealthy', inMaintenance: true };
    const { container } = render(<HealthCheckTimeline checks={checks} locale="en-GB" />);
    const blocks = within(screen.getByRole('toolbar')).getAllByRole('button');
    const newest = blocks[3]!;
    expect(newest.dataset.state).toBe('unhealthy');
    expect(newest.hasAttribute('data-maintenance')).toBe(true);
    expect(newest.getAttribute('aria-label')).toMatch(/Unhealthy, \d+ ms, in maintenance$/);
    expect(blocks[0]!.hasAttribute('data-maintenance')).toBe(false);
    expect(await axeViolations(container)).toEqual([]);
  });

  it('lets a bucket take its colour from the checks outside maintenance', () => {
    const sorted = sortChecksAscending(
      makeCheckHistory({ count: 4, now: NOW, unhealthyRate: 0, degradedRate: 0 }),
    );
    sorted[0] = { ...sorted[0]!, status: 'unhealthy', inMaintenance: true };
    const [mixed] = bucketChecks(sorted, 1);
    expect(mixed).toMatchObject({ status: 'healthy', inMaintenance: 1, maintenance: false });
    const all = sorted.map((c) => ({ ...c, status: 'unhealthy' as const, inMaintenance: true }));
    expect(bucketChecks(all, 1)[0]).toMatchObject({ status: 'unhealthy', maintenance: true });
  });
});
