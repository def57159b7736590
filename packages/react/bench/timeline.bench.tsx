import { cleanup, render } from '@testing-library/react';
import { bench, describe } from 'vitest';
import { HealthCheckTimeline } from '../src/components/health-check-timeline';
import { makeCheckHistory } from '../src/testing/fixtures';

// Seven days of 15-minute checks: the history a connection keeps by default.
const week = makeCheckHistory({ count: 672 });
const month = makeCheckHistory({ count: 8640, intervalMinutes: 5 });

const mount = (ui: React.ReactElement) => () => {
  render(ui);
  cleanup();
};

describe('HealthCheckTimeline first render (jsdom)', () => {
  bench(
    '672 checks, default (bucketed bar, 50 table rows)',
    mount(<HealthCheckTimeline checks={week} />),
    {
      time: 2000,
    },
  );
  bench(
    '672 checks, one block per check',
    mount(<HealthCheckTimeline checks={week} maxBlocks={672} />),
    { time: 2000 },
  );
  bench(
    '672 checks, all 672 table rows',
    mount(<HealthCheckTimeline checks={week} maxBlocks={672} pageSize={672} />),
    { time: 2000 },
  );
  bench(
    '8640 checks (30 days every 5 min), default',
    mount(<HealthCheckTimeline checks={month} />),
    {
      time: 2000,
    },
  );
});
