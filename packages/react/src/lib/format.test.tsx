import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { UptimeBar } from '../charts/uptime-bar';
import { makeUptime } from '../testing/fixtures';
import { countOf } from './format';

describe('countOf', () => {
  it('never says "1 checks"', () => {
    expect(countOf(1, 'check')).toBe('1 check');
    expect(countOf(0, 'check')).toBe('0 checks');
    expect(countOf(2, 'check')).toBe('2 checks');
  });

  it('is what the uptime bar says for a single check', () => {
    const { container } = render(<UptimeBar uptime={makeUptime('24h', 1, 0, 0)} />);
    expect(container.textContent).toContain('1 check ·');
    expect(container.textContent).not.toContain('1 checks');
  });
});
