import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { ConfigError, defaultProbeWorkers, loadConfig, probeWorkerCount } from './config';

it('has the documented defaults', () => {
  expect(loadConfig({})).toEqual({
    port: 3000,
    host: '127.0.0.1',
    databaseUrl: undefined,
    dataDir: './.waygate',
    encryptionKey: undefined,
    cronSecret: undefined,
    outboundAllow: undefined,
    corsOrigins: [],
    manualCheckLimit: 6,
    checkTimeoutMs: 10_000,
    probeWorkers: defaultProbeWorkers(),
    retentionDays: 7,
    logLevel: 'info',
    httpHeadersTimeoutMs: 15_000,
    httpRequestTimeoutMs: 60_000,
    authFailureLimit: 30,
    trustProxy: false,
  });
});

it.each([
  ['on', true],
  ['true', true],
  ['1', true],
  ['off', false],
  ['0', false],
])('WAYGATE_TRUST_PROXY=%s → trustProxy %s', (value, expected) => {
  expect(loadConfig({ WAYGATE_TRUST_PROXY: value }).trustProxy).toBe(expected);
});

it.each([
  ['PORT', 'abc'],
  ['PORT', '70000'],
  ['WAYGATE_MANUAL_CHECK_LIMIT', '0'],
  ['WAYGATE_CHECK_TIMEOUT_MS', '-5'],
  ['WAYGATE_PROBE_WORKERS', '-1'],
  ['WAYGATE_PROBE_WORKERS', '65'],
  ['WAYGATE_PROBE_WORKERS', 'many'],
  ['WAYGATE_AUTH_FAILURE_LIMIT', '0'],
  ['WAYGATE_AUTH_FAILURE_LIMIT', 'lots'],
  ['WAYGATE_TRUST_PROXY', 'yes-please'],
  ['HEALTH_CHECK_RETENTION_DAYS', '1.5'],
  ['LOG_LEVEL', 'loud'],
  ['DATABASE_URL', 'mysql://x'],
  ['WAYGATE_ENCRYPTION_KEY', 'dG9vIHNob3J0'],
])('a bad %s=%s stops with a one-line message naming it', (name, value) => {
  try {
    loadConfig({ [name]: value });
    expect.unreachable();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(
      new RegExp(`^Invalid environment variable ${name}: [^\\n]+$`),
    );
    expect((error as ConfigError).message).not.toContain(
      value === 'dG9vIHNob3J0' ? value : '\u0000',
    );
  }
});

it('requires an encryption key with DATABASE_URL', () => {
  expect(() => loadConfig({ DATABASE_URL: 'postgres://localhost/db' })).toThrow(
    /WAYGATE_ENCRYPTION_KEY/,
  );
  const key = randomBytes(32).toString('base64');
  const config = loadConfig({
    DATABASE_URL: 'postgres://localhost/db',
    WAYGATE_ENCRYPTION_KEY: key,
  });
  expect(config.encryptionKey).toHaveLength(32);
});

it('chooses the probe worker threads from the cores unless WAYGATE_PROBE_WORKERS is set', () => {
  // One thread per core beyond the main thread's, at least 1, at most 4.
  expect([1, 2, 3, 4, 5, 8, 64].map((cores) => defaultProbeWorkers(cores))).toEqual([
    1, 1, 2, 3, 4, 4, 4,
  ]);
  expect(loadConfig({ WAYGATE_PROBE_WORKERS: '0' }).probeWorkers).toBe(0);
  expect(loadConfig({ WAYGATE_PROBE_WORKERS: '3' }).probeWorkers).toBe(3);
  expect(probeWorkerCount({ probeWorkers: 0 })).toBe(0);
  expect(probeWorkerCount({})).toBe(defaultProbeWorkers());
});
