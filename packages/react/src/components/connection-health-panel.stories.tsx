import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { LatencyChart } from '../charts/latency-chart';
import { UptimeFigures } from '../charts/uptime-bar';
import { dark, withMockClient } from '../stories/mock-provider';
import {
  makeCheckHistory,
  makeConnectionDetail,
  makeLatencySeries,
  makeUptime,
} from '../testing/fixtures';
import { ConnectionHealthPanel } from './connection-health-panel';

const charts = (
  <>
    <UptimeFigures uptimes={[makeUptime('24h', 90, 4, 2), makeUptime('7d', 640, 20, 12)]} />
    <LatencyChart series={makeLatencySeries()} />
  </>
);

const meta = {
  title: 'Health/ConnectionHealthPanel',
  component: ConnectionHealthPanel,
  args: {
    connection: makeConnectionDetail('healthy'),
    checks: makeCheckHistory({ count: 96, unhealthyRate: 0, degradedRate: 0.02 }),
    onCheck: () => new Promise((resolve) => setTimeout(resolve, 600)),
    charts,
  },
} satisfies Meta<typeof ConnectionHealthPanel>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Healthy: Story = {};

export const Degraded: Story = {
  args: {
    connection: makeConnectionDetail('degraded'),
    checks: makeCheckHistory({ count: 96, degradedRate: 0.4, seed: 11 }),
  },
};

export const Unhealthy: Story = {
  args: {
    connection: makeConnectionDetail('unhealthy'),
    checks: makeCheckHistory({ count: 96, unhealthyRate: 0.5, seed: 5 }),
  },
};

export const NeverChecked: Story = {
  args: { connection: makeConnectionDetail('never'), checks: [], charts: undefined },
};

export const Loading: Story = { args: { connection: undefined, isLoading: true } };

export const LoadError: Story = {
  args: { connection: undefined, error: new Error('Connection not found'), onRetry: () => {} },
};

export const FromProvider: Story = {
  args: {
    connection: undefined,
    checks: undefined,
    onCheck: undefined,
    connectionId: 'conn_prodslack',
    charts: (
      <>
        <UptimeFigures connectionId="conn_prodslack" />
        <LatencyChart connectionId="conn_prodslack" />
      </>
    ),
  },
  decorators: [withMockClient({ connection: makeConnectionDetail('degraded') })],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByRole('toolbar')).toBeInTheDocument();
    await expect(await canvas.findByText('Uptime, last 7 days')).toBeInTheDocument();
  },
};

export const DarkTheme: Story = {
  ...dark,
  args: {
    connection: makeConnectionDetail('unhealthy'),
    checks: makeCheckHistory({ count: 96, unhealthyRate: 0.3, seed: 5 }),
  },
};
