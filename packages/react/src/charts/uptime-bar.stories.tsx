import type { Meta, StoryObj } from '@storybook/react-vite';
import { dark, withMockClient } from '../stories/mock-provider';
import { makeUptime } from '../testing/fixtures';
import { UptimeBar, UptimeFigures } from './uptime-bar';

const meta = {
  title: 'Charts/UptimeBar',
  component: UptimeBar,
  args: { uptime: makeUptime('24h', 90, 4, 2) },
  decorators: [(Story) => <div style={{ maxWidth: 320 }}>{Story()}</div>],
} satisfies Meta<typeof UptimeBar>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Healthy: Story = { args: { uptime: makeUptime('24h', 96, 0, 0) } };

export const Degraded: Story = { args: { uptime: makeUptime('24h', 70, 26, 0) } };

export const Unhealthy: Story = { args: { uptime: makeUptime('7d', 500, 40, 132) } };

export const NoData: Story = { args: { uptime: makeUptime('24h', 0, 0, 0) } };

export const Loading: Story = { args: { uptime: undefined, isLoading: true } };

export const LoadError: Story = { args: { uptime: undefined, error: new Error('Timed out') } };

export const Figures24hAnd7d: Story = {
  render: () => (
    <UptimeFigures uptimes={[makeUptime('24h', 90, 4, 2), makeUptime('7d', 640, 20, 12)]} />
  ),
};

export const FromProvider: Story = {
  render: () => <UptimeFigures connectionId="conn_prodslack" />,
  decorators: [withMockClient()],
};

export const DarkTheme: Story = { ...dark };
