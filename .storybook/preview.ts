import type { Preview } from '@storybook/react-vite';
import '../packages/react/src/styles.css';
import { withTheme } from '../packages/react/src/stories/with-theme';

const preview: Preview = {
  decorators: [withTheme],
  globalTypes: {
    theme: {
      description: 'Colour theme of the components',
      toolbar: {
        title: 'Theme',
        icon: 'mirror',
        items: [
          { value: 'light', title: 'Light' },
          { value: 'dark', title: 'Dark' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: 'light' },
  parameters: {
    layout: 'padded',
    controls: { matchers: { date: /At$/ } },
    // Story tests fail on any axe violation (including colour contrast, in both themes).
    a11y: { test: 'error' },
  },
};

export default preview;
