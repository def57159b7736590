import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { dark, withMockClient } from '../stories/mock-provider';
import { makeEvents, makeSummary } from '../testing/fixtures';
import { HealthSummaryCard } from './health-summary-card';

const allHealthy = { ...makeSummary(6), connections: [], healthy: 6, degraded: 0, unhealthy: 0 };

const meta = {
  title: 'Health/HealthSummaryCard',
  component: HealthSummaryCard,
  args: { summary: makeSummary(15), events: makeEvents() },
  decorators: [(Story) => <div style={{ maxWidth: 640 }}>{Story()}</div>],
} satisfies Meta<typeof HealthSummaryCard>;
export default meta;
type Story = StoryObj<typeof meta>;

export const NeedsAttention: Story = {};

export const Healthy: Story = { args: { summary: allHealthy, events: [] } };

export const ManyConnections: Story = { args: { summary: makeSummary(240) } };

export const Empty: Story = { args: { summary: makeSummary(0), events: [] } };

export const Loading: Story = { args: { summary: undefined, isLoading: true } };

export const LoadError: Story = {
  args: { summary: undefined, error: new Error('API key rejected'), onRetry: () => {} },
};

export const FromProvider: Story = {
  args: { summary: undefined, events: undefined },
  decorators: [withMockClient({ summary: makeSummary(12) })],
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByText('Needs attention')).toBeInTheDocument();
  },
};

export const DarkTheme: Story = { ...dark };
