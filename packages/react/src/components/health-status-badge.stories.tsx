import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, screen, userEvent, within } from 'storybook/test';
import { dark, withMockClient } from '../stories/mock-provider';
import { makeConnectionDetail, makeSummary } from '../testing/fixtures';
import { ConnectionStatusBadge } from './connection-status-badge';
import { HealthStatusBadge } from './health-status-badge';

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

const meta = {
  title: 'Health/HealthStatusBadge',
  component: HealthStatusBadge,
  args: { status: 'healthy', lastCheckedAt: minutesAgo(4) },
  argTypes: {
    status: {
      control: 'select',
      options: ['healthy', 'degraded', 'unhealthy', 'unknown', 'maintenance'],
    },
    size: { control: 'inline-radio', options: ['sm', 'md', 'lg'] },
  },
} satisfies Meta<typeof HealthStatusBadge>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Healthy: Story = {};

export const Degraded: Story = {
  args: { status: 'degraded', reasons: ['credential_expiring', 'latency_high'] },
};

export const Unhealthy: Story = {
  args: { status: 'unhealthy', reasons: ['test_action_failed', 'recent_failures_exceeded'] },
};

export const NeverChecked: Story = { args: { status: null, lastCheckedAt: null } };

export const Sizes: Story = {
  render: (args) => (
    <div style={{ display: 'flex', gap: 12, alignItems: 'center' }}>
      <HealthStatusBadge {...args} size="sm" />
      <HealthStatusBadge {...args} size="md" status="degraded" />
      <HealthStatusBadge {...args} size="lg" status="unhealthy" />
    </div>
  ),
};

export const TooltipOpen: Story = {
  args: { status: 'degraded', reasons: ['credential_expiring', 'latency_high'] },
  play: async ({ canvasElement }) => {
    await userEvent.tab();
    const trigger = within(canvasElement).getByRole('button', { name: 'Degraded' });
    await expect(trigger).toHaveFocus();
    const tooltip = await screen.findByRole('tooltip');
    await expect(tooltip).toHaveTextContent('Credentials expire within the hour');
    await expect(tooltip).toHaveTextContent('Last checked 4 minutes ago');
  },
};

export const FromConnectionObject: Story = {
  args: {
    status: undefined,
    lastCheckedAt: undefined,
    connection: makeConnectionDetail('degraded'),
  },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByText('Degraded')).toBeInTheDocument();
  },
};

/** A connection inside a maintenance window: "Maintenance", its last status in the tooltip. */
export const InMaintenance: Story = {
  args: {
    status: undefined,
    lastCheckedAt: undefined,
    connection: makeConnectionDetail('unhealthy', { inMaintenance: true }),
  },
  play: async ({ canvasElement }) => {
    const trigger = within(canvasElement).getByRole('button', {
      // Chromium puts a space between flex items in the name: match the words, not the commas.
      name: /^Maintenance\s*, last status: Unhealthy$/,
    });
    await userEvent.hover(trigger);
    await expect(await screen.findByRole('tooltip')).toHaveTextContent('Last status: Unhealthy');
  },
};

export const FromProvider: Story = {
  render: () => <ConnectionStatusBadge connectionId="conn_prodslack" />,
  decorators: [withMockClient({ connection: makeConnectionDetail('unhealthy') })],
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByText('Unhealthy')).toBeInTheDocument();
  },
};

export const Loading: Story = {
  render: () => <ConnectionStatusBadge connectionId="conn_prodslack" />,
  decorators: [withMockClient({ delayMs: Number.POSITIVE_INFINITY })],
};

export const LoadError: Story = {
  render: () => <ConnectionStatusBadge connectionId="conn_prodslack" />,
  decorators: [withMockClient({ failWith: new Error('Network down') })],
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByText('Unavailable')).toBeInTheDocument();
  },
};

/** A connection list: one badge per row, as the spec asks for the connections page. */
export const ManyConnections: Story = {
  render: () => (
    <table className="wg-table" style={{ maxWidth: 640 }}>
      <caption className="wg-sr-only">Connections</caption>
      <thead>
        <tr>
          <th scope="col">Connection</th>
          <th scope="col">Integration</th>
          <th scope="col">Health</th>
        </tr>
      </thead>
      <tbody>
        {makeSummary(60).connections.map((connection) => (
          <tr key={connection.id}>
            <td>{connection.name}</td>
            <td>{connection.integrationName}</td>
            <td>
              <HealthStatusBadge
                size="sm"
                status={connection.healthStatus}
                lastCheckedAt={connection.lastCheckAt}
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  ),
};

export const DarkTheme: Story = {
  ...dark,
  render: (args) => (
    <div style={{ display: 'flex', gap: 12 }}>
      <HealthStatusBadge {...args} />
      <HealthStatusBadge {...args} status="degraded" />
      <HealthStatusBadge {...args} status="unhealthy" />
      <HealthStatusBadge {...args} status="unknown" />
    </div>
  ),
};
