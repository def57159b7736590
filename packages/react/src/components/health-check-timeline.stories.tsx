import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import { dark, withMockClient } from '../stories/mock-provider';
import { makeCheck, makeCheckHistory, makeFlappingHistory } from '../testing/fixtures';
import { HealthCheckTimeline } from './health-check-timeline';

const week = makeCheckHistory({ count: 672 });

const meta = {
  title: 'Health/HealthCheckTimeline',
  component: HealthCheckTimeline,
  args: { checks: makeCheckHistory({ count: 48 }) },
} satisfies Meta<typeof HealthCheckTimeline>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Healthy: Story = {
  args: { checks: makeCheckHistory({ count: 48, unhealthyRate: 0, degradedRate: 0 }) },
};

export const Degraded: Story = {
  args: { checks: makeCheckHistory({ count: 48, unhealthyRate: 0, degradedRate: 0.5, seed: 11 }) },
};

export const Unhealthy: Story = {
  args: { checks: makeCheckHistory({ count: 48, unhealthyRate: 0.6, seed: 5 }) },
};

export const ExpandedFailure: Story = {
  args: {
    checks: [
      makeCheck('unhealthy', {
        id: 'hc_failed',
        testActionStatusCode: 401,
        error: { code: 'UNAUTHORIZED', message: 'GET /users/me answered 401', statusCode: 401 },
      }),
      ...makeCheckHistory({ count: 10, now: Date.now() - 15 * 60_000 }),
    ],
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const toggle = canvas.getAllByRole('button', { expanded: false })[0]!;
    await userEvent.click(toggle);
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await expect(canvas.getByText(/re-authorise the connection/)).toBeInTheDocument();
  },
};

export const KeyboardNavigation: Story = {
  args: { checks: makeCheckHistory({ count: 12 }) },
  play: async ({ canvasElement }) => {
    const blocks = within(within(canvasElement).getByRole('toolbar')).getAllByRole('button');
    blocks[11]!.focus();
    await userEvent.keyboard('{ArrowLeft}{ArrowLeft}');
    await expect(blocks[9]).toHaveFocus();
    await userEvent.keyboard('{Home}');
    await expect(blocks[0]).toHaveFocus();
  },
};

/**
 * Steady for most of the history, then healthy and degraded in turn: core's flapping rule
 * (≥ 6 changes in the last 12 checks) puts a "Flapping" label beside the title.
 */
export const Flapping: Story = {
  args: { checks: makeFlappingHistory({ count: 96, flapping: 12 }) },
  play: async ({ canvasElement }) => {
    const label = within(canvasElement).getByText('Flapping', { exact: true });
    await expect(label.closest('[data-slot="flapping-label"]')).toHaveAttribute(
      'title',
      'Changed state 11 times in the last 12 checks',
    );
  },
};

export const FlappingDark: Story = {
  ...dark,
  args: { checks: makeFlappingHistory({ count: 96, flapping: 12, other: 'unhealthy' }) },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('Flapping', { exact: true })).toBeVisible();
  },
};

/** The same rule keeps a steady history unlabelled. */
export const SteadyNotFlapping: Story = {
  args: { checks: makeCheckHistory({ count: 48, unhealthyRate: 0, degradedRate: 0 }) },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).queryByText('Flapping', { exact: true })).toBeNull();
  },
};

export const Filtered: Story = {
  args: { checks: week, defaultFilters: { status: 'unhealthy' } },
};

export const Empty: Story = { args: { checks: [] } };

export const Loading: Story = { args: { checks: undefined, isLoading: true } };

export const LoadError: Story = {
  args: { checks: undefined, error: new Error('The server answered 503'), onRetry: () => {} },
};

/** Seven days of 15-minute checks: 672 rows (paged) and a bucketed status bar. */
export const LongHistory: Story = { args: { checks: week } };

/** 672 checks, one block each. */
export const LongHistoryUnbucketed: Story = { args: { checks: week, maxBlocks: 672 } };

export const VeryLongHistory: Story = {
  args: { checks: makeCheckHistory({ count: 5000, intervalMinutes: 5 }) },
};

export const FromProvider: Story = {
  args: { checks: undefined, connectionId: 'conn_prodslack' },
  decorators: [withMockClient({ checks: makeCheckHistory({ count: 250 }) })],
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole('toolbar')).toBeInTheDocument();
  },
};

export const DarkTheme: Story = {
  ...dark,
  args: { checks: makeCheckHistory({ count: 96, seed: 5 }) },
};
