import { describe, expect, it } from 'vitest';
import { displayStatus, STATUS_LABEL, underlyingStatus } from './status';

const checked = '2026-01-25T10:15:00Z';

describe('displayStatus', () => {
  it('is the checked status, or "unknown" for a connection never checked', () => {
    expect(displayStatus({ healthStatus: 'degraded', lastHealthCheckAt: checked })).toBe(
      'degraded',
    );
    expect(displayStatus({ healthStatus: 'healthy', lastHealthCheckAt: null })).toBe('unknown');
    expect(displayStatus({ healthStatus: 'healthy' })).toBe('unknown');
  });

  it('is "maintenance" while a window is active, whatever the status; the status stays underneath', () => {
    for (const healthStatus of ['healthy', 'degraded', 'unhealthy'] as const) {
      const connection = { healthStatus, lastHealthCheckAt: checked, inMaintenance: true };
      expect(displayStatus(connection)).toBe('maintenance');
      expect(underlyingStatus(connection)).toBe(healthStatus);
    }
    expect(displayStatus({ healthStatus: 'healthy', inMaintenance: true })).toBe('maintenance');
    expect(STATUS_LABEL.maintenance).toBe('Maintenance');
  });

  it('ignores a false or absent flag', () => {
    expect(
      displayStatus({
        healthStatus: 'unhealthy',
        lastHealthCheckAt: checked,
        inMaintenance: false,
      }),
    ).toBe('unhealthy');
  });
});
