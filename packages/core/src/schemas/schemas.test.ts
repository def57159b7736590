import { describe, expect, it } from 'vitest';
import { HealthCheck, HealthCheckConfig, HealthSummary, UpdateIntegrationInput } from './index';

const fieldOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  result.error?.issues[0]?.path.join('.');

describe('HealthCheckConfig', () => {
  it('defaults to enabled every 15 minutes', () => {
    expect(HealthCheckConfig.parse({})).toEqual({ enabled: true, intervalMinutes: 15 });
  });

  it.each([0, -5, 10_081, 1.5, '15'])('rejects intervalMinutes %p naming the field', (value) => {
    const result = HealthCheckConfig.safeParse({ intervalMinutes: value });
    expect(result.success).toBe(false);
    expect(fieldOf(result)).toBe('intervalMinutes');
  });

  it('rejects unknown keys instead of dropping them', () => {
    const result = HealthCheckConfig.safeParse({ enabled: true, intervalMinute: 5 });
    expect(result.success).toBe(false);
  });
});

describe('UpdateIntegrationInput', () => {
  it('names the nested field at fault', () => {
    const result = UpdateIntegrationInput.safeParse({ healthCheckConfig: { intervalMinutes: 0 } });
    expect(fieldOf(result)).toBe('healthCheckConfig.intervalMinutes');
  });
});

describe('HealthCheck', () => {
  const valid = {
    id: 'hc_xyz789',
    connectionId: 'conn_abc123',
    tenantId: 'ten_1',
    status: 'healthy',
    checkType: 'scheduled',
    credentialStatus: 'active',
    testActionSuccess: true,
    testActionLatencyMs: 145,
    circuitBreakerStatus: 'closed',
    latencyMs: 156,
    createdAt: '2026-01-25T10:15:00Z',
  };

  it("accepts the spec's example", () => {
    expect(HealthCheck.parse(valid)).toEqual(valid);
  });

  it.each([
    ['status', 'broken'],
    ['checkType', 'cron'],
    ['createdAt', '25/01/2026'],
    ['latencyMs', -1],
    ['connectionId', 'hc_wrongkind'],
  ])('rejects a bad %s', (field, value) => {
    const result = HealthCheck.safeParse({ ...valid, [field]: value });
    expect(fieldOf(result)).toBe(field);
  });
});

describe('HealthSummary', () => {
  const valid = {
    totalConnections: 3,
    healthy: 1,
    degraded: 0,
    unhealthy: 1,
    neverChecked: 1,
    lastCheckAt: '2026-01-25T10:15:00Z',
    uptimeLast24h: 50,
    connections: [
      {
        id: 'conn_new',
        name: 'Sandbox',
        integrationName: 'Slack',
        healthStatus: 'healthy',
        lastCheckAt: null,
      },
    ],
  };

  it('carries the never-checked count next to the status counts', () => {
    expect(HealthSummary.parse(valid)).toEqual(valid);
  });

  it.each([
    ['a missing', undefined],
    ['a negative', -1],
    ['a fractional', 0.5],
  ])('rejects %s neverChecked', (_, value) => {
    const result = HealthSummary.safeParse({ ...valid, neverChecked: value });
    expect(fieldOf(result)).toBe('neverChecked');
  });
});
