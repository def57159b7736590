import type { Decorator } from '@storybook/react-vite';

/** Wraps every story in the chosen theme, so the dark variables apply and are axe-checked. */
export const withTheme: Decorator = (Story, context) => {
  const theme = context.globals.theme === 'dark' ? 'dark' : 'light';
  return (
    <div
      data-theme={theme}
      style={{
        background: 'var(--waygate-bg)',
        color: 'var(--waygate-fg)',
        padding: '1rem',
        minHeight: '100%',
        fontFamily: 'var(--waygate-font)',
      }}
    >
      <Story />
    </div>
  );
};
