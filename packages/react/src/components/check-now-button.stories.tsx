import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import { dark, withMockClient } from '../stories/mock-provider';
import { rateLimitedError } from '../testing/mock-health-client';
import { CheckNowButton } from './check-now-button';

const meta = {
  title: 'Health/CheckNowButton',
  component: CheckNowButton,
  args: { onCheck: () => new Promise((resolve) => setTimeout(resolve, 600)) },
} satisfies Meta<typeof CheckNowButton>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Idle: Story = {};

export const Pending: Story = {
  args: { onCheck: () => new Promise(() => {}) },
  play: async ({ canvasElement }) => {
    const button = within(canvasElement).getByRole('button');
    await userEvent.click(button);
    await expect(button).toHaveTextContent('Checking…');
    await expect(button).toBeDisabled();
  },
};

export const RateLimited: Story = {
  args: { onCheck: () => Promise.reject(rateLimitedError(45_000)) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button'));
    await expect(await canvas.findByText(/try again in 4[45] s/)).toBeInTheDocument();
  },
};

export const Failed: Story = {
  args: { onCheck: () => Promise.reject(new Error('Connection not found')) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button'));
    await expect(await canvas.findByText('Check failed: Connection not found')).toBeInTheDocument();
  },
};

export const FromProvider: Story = {
  args: { onCheck: undefined, connectionId: 'conn_prodslack' },
  decorators: [withMockClient({ delayMs: 300 })],
};

export const DarkTheme: Story = {
  ...dark,
  args: { onCheck: () => Promise.reject(rateLimitedError(45_000)) },
  play: RateLimited.play,
};
