import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor } from 'storybook/test';
import { dark, withMockClient } from '../stories/mock-provider';
import { makeLatencySeries } from '../testing/fixtures';
import { LatencyChart } from './latency-chart';

const meta = {
  title: 'Charts/LatencyChart',
  component: LatencyChart,
  args: { series: makeLatencySeries() },
  decorators: [(Story) => <div style={{ maxWidth: 720 }}>{Story()}</div>],
} satisfies Meta<typeof LatencyChart>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};

/** One hour of data (a new connection): the point shows as dots, the chart never looks empty. */
export const OnePoint: Story = {
  args: { series: makeLatencySeries(1) },
  play: async ({ canvasElement }) => {
    await waitFor(() =>
      expect(canvasElement.querySelectorAll('.recharts-dot').length).toBeGreaterThanOrEqual(2),
    );
  },
};

export const Empty: Story = { args: { series: { ...makeLatencySeries(), points: [] } } };

export const Loading: Story = { args: { series: undefined, isLoading: true } };

export const LoadError: Story = {
  args: { series: undefined, error: new Error('Timed out'), onRetry: () => {} },
};

export const FromProvider: Story = {
  args: { series: undefined, connectionId: 'conn_prodslack' },
  decorators: [withMockClient()],
};

export const DarkTheme: Story = { ...dark };
