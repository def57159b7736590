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

/** Four of fifteen connections were never checked: counted under "Not checked", not healthy. */
export const SomeNotChecked: Story = {
  args: { summary: makeSummary(15, Date.now(), 4) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const stat = (label: string) =>
      canvas.getByText(label, { selector: 'dt' }).nextElementSibling?.textContent;
    await expect(stat('Connections')).toBe('15');
    await expect(stat('Not checked')).toBe('4');
    await expect(stat('Healthy')).toBe('7');
  },
};

/** Three connections inside a maintenance window now: a count beside the statuses. */
export const SomeInMaintenance: Story = {
  args: { summary: makeSummary(15, Date.now(), 0, 3) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(
      canvas.getByText('In maintenance', { selector: 'dt' }).nextElementSibling,
    ).toHaveTextContent('3');
  },
};

/** A tenant whose connections were all just created: nothing is called healthy yet. */
export const NothingCheckedYet: Story = {
  args: { summary: makeSummary(5, Date.now(), 5), events: [] },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByText('No connection has been checked yet.')).toBeInTheDocument();
    await expect(canvas.queryByText('All connections are healthy.')).toBeNull();
  },
};

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

/**
 * A Vite starter's host CSS (`#root { text-align: center }`, `line-height: 1.1` and a few
 * element rules), with the page's own h1 above: the card keeps its layout (scoped base
 * styles on `[data-waygate]`) and its h2 title keeps the outline (axe heading-order).
 */
export const InAStarterApp: Story = {
  decorators: [
    (Story) => (
      <div id="starter-root">
        <style>
          {
            '#starter-root { text-align: center; line-height: 1.1; letter-spacing: 0.1em; font-family: serif }'
          }
        </style>
        <h1>My app</h1>
        {Story()}
      </div>
    ),
  ],
  play: async ({ canvasElement }) => {
    const card = canvasElement.querySelector('[data-slot="health-summary-card"]') as HTMLElement;
    const style = getComputedStyle(card);
    await expect(style.textAlign).toBe('start');
    await expect(style.letterSpacing).toBe('normal');
    await expect(style.fontFamily).not.toBe('serif');
    const title = within(card).getByRole('heading', { name: 'Connection health' });
    await expect(title.tagName).toBe('H2');
    const item = card.querySelector('[data-slot="attention-list"] li') as HTMLElement;
    await expect(getComputedStyle(item).textAlign).toBe('start');
  },
};
