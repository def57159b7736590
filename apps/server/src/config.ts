import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { parseEncryptionKey } from './crypto/credential-cipher';

/** A bad environment value: `main` prints `message` (one line naming the variable) and exits 1. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`Invalid environment variable ${variable}: ${detail}`);
    this.name = 'ConfigError';
  }
}

/** A whole number from an environment string, within [min, max]. */
export const envInt = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.int().min(min).max(max));

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

/** Every variable the server reads, with its default. The scheduler extends this shape. */
export const EnvSchema = z.object({
  PORT: envInt(0, 65_535).default(3000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  DATABASE_URL: optionalText.pipe(
    z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }).optional(),
  ),
  WAYGATE_DATA_DIR: z.string().trim().min(1).default('./.waygate'),
  WAYGATE_ENCRYPTION_KEY: optionalText,
  CRON_SECRET: optionalText,
  WAYGATE_OUTBOUND_ALLOW: optionalText,
  /** Comma-separated browser origins allowed to call the API (`https://app.example.com`), or `*`. */
  WAYGATE_CORS_ORIGINS: optionalText,
  WAYGATE_MANUAL_CHECK_LIMIT: envInt(1, 10_000).default(6),
  WAYGATE_CHECK_TIMEOUT_MS: envInt(100, 120_000).default(10_000),
  /** Default: `defaultProbeWorkers()`, from the machine's cores. */
  WAYGATE_PROBE_WORKERS: envInt(0, 64).optional(),
  /** Slow-client limits: whole headers within 15 s, a whole request within 60 s (> cron budget). */
  WAYGATE_HTTP_HEADERS_TIMEOUT_MS: envInt(1_000, 600_000).default(15_000),
  WAYGATE_HTTP_REQUEST_TIMEOUT_MS: envInt(1_000, 3_600_000).default(60_000),
  /** Failed API-key / CRON_SECRET attempts per client address per minute before 429. */
  WAYGATE_AUTH_FAILURE_LIMIT: envInt(1, 1_000_000).default(30),
  /** `on`: the client address is the last `X-Forwarded-For` entry (set by your proxy). */
  WAYGATE_TRUST_PROXY: z.enum(['on', 'off', 'true', 'false', '1', '0']).default('off'),
  HEALTH_CHECK_RETENTION_DAYS: envInt(1, 3650).default(7),
  /** Bearer token for `GET /metrics` on the API port (at least 16 characters); unset: off. */
  WAYGATE_METRICS_TOKEN: optionalText,
  /** Serves `/metrics` without a token on this port of its own (private networks only). */
  WAYGATE_METRICS_PORT: envInt(1, 65_535).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  port: number;
  host: string;
  /** Unset → embedded PGlite under `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  /** Parsed `WAYGATE_ENCRYPTION_KEY`; unset means "generate one into the data dir" (PGlite only). */
  encryptionKey?: Uint8Array;
  /** Enables `POST /internal/health-checks` when at least 16 characters long. */
  cronSecret?: string;
  outboundAllow?: string;
  /** Origins a browser app may call the API from (CORS); empty: none, `['*']`: any. */
  corsOrigins?: string[];
  manualCheckLimit: number;
  /** Node's `headersTimeout` / `requestTimeout` for the HTTP server (slow-loris limits). */
  httpHeadersTimeoutMs?: number;
  httpRequestTimeoutMs?: number;
  checkTimeoutMs: number;
  /** Worker threads that send the outbound probes; 0 = on the main thread. Unset → the default. */
  probeWorkers?: number;
  retentionDays: number;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  /** Failed authentications per client address per minute before 429; unset → 30. */
  authFailureLimit?: number;
  /** Take the client address from `X-Forwarded-For` (its last entry); unset → false. */
  trustProxy?: boolean;
  /** Enables `GET /metrics` on the API port behind this bearer token. */
  metricsToken?: string;
  /** Serves `/metrics` (no token) on this port of its own. */
  metricsPort?: number;
}

/**
 * The default `WAYGATE_PROBE_WORKERS`: one thread per core beyond the main thread's, at least 1
 * and at most 4. One thread already takes latency off the main thread (the point); more only help
 * when there are cores to run them, and each costs memory (its own V8 heap and undici: ~30 MB RSS).
 */
export function defaultProbeWorkers(cores: number = availableParallelism()): number {
  return Math.max(1, Math.min(4, cores - 1));
}

/** How many probe worker threads to start for `config` (its value, else the default). */
export function probeWorkerCount(config: Pick<Config, 'probeWorkers'>): number {
  return config.probeWorkers ?? defaultProbeWorkers();
}

/** The minimum CRON_SECRET length; shorter secrets leave the cron endpoint disabled. */
export const MIN_CRON_SECRET_LENGTH = 16;

/**
 * `WAYGATE_CORS_ORIGINS`: `*`, or origins as a browser sends them (scheme, host, port; no path).
 * Anything else is refused at start, so a typo does not silently leave the API closed.
 */
export function parseCorsOrigins(value: string | undefined): string[] {
  if (!value) return [];
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.includes('*')) {
    if (entries.length > 1) throw new ConfigError('WAYGATE_CORS_ORIGINS', '`*` stands alone');
    return ['*'];
  }
  return entries.map((entry) => {
    let origin: string | undefined;
    try {
      origin = new URL(entry).origin;
    } catch {
      origin = undefined;
    }
    if (!origin || origin === 'null' || origin !== entry.replace(/\/$/, '')) {
      throw new ConfigError(
        'WAYGATE_CORS_ORIGINS',
        `"${entry}" is not an origin (scheme://host[:port], no path)`,
      );
    }
    return origin;
  });
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings count as unset, as in most .env tooling.
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(variable, issue?.message ?? 'invalid value');
  }
  const e = parsed.data;
  let encryptionKey: Uint8Array | undefined;
  if (e.WAYGATE_ENCRYPTION_KEY) {
    try {
      encryptionKey = parseEncryptionKey(e.WAYGATE_ENCRYPTION_KEY);
    } catch {
      // Never echo the value: it is a secret.
      throw new ConfigError('WAYGATE_ENCRYPTION_KEY', 'must be 32 random bytes, base64-encoded');
    }
  }
  if (e.DATABASE_URL && !encryptionKey) {
    throw new ConfigError(
      'WAYGATE_ENCRYPTION_KEY',
      'required when DATABASE_URL is set (generate one with: openssl rand -base64 32)',
    );
  }
  if (e.WAYGATE_METRICS_TOKEN && e.WAYGATE_METRICS_TOKEN.length < MIN_CRON_SECRET_LENGTH) {
    // Never echo the value: it is a secret.
    throw new ConfigError('WAYGATE_METRICS_TOKEN', 'must be at least 16 characters');
  }
  if (e.WAYGATE_HTTP_HEADERS_TIMEOUT_MS > e.WAYGATE_HTTP_REQUEST_TIMEOUT_MS) {
    throw new ConfigError(
      'WAYGATE_HTTP_HEADERS_TIMEOUT_MS',
      'must not exceed WAYGATE_HTTP_REQUEST_TIMEOUT_MS',
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.WAYGATE_DATA_DIR,
    encryptionKey,
    cronSecret: e.CRON_SECRET,
    outboundAllow: e.WAYGATE_OUTBOUND_ALLOW,
    corsOrigins: parseCorsOrigins(e.WAYGATE_CORS_ORIGINS),
    manualCheckLimit: e.WAYGATE_MANUAL_CHECK_LIMIT,
    httpHeadersTimeoutMs: e.WAYGATE_HTTP_HEADERS_TIMEOUT_MS,
    httpRequestTimeoutMs: e.WAYGATE_HTTP_REQUEST_TIMEOUT_MS,
    checkTimeoutMs: e.WAYGATE_CHECK_TIMEOUT_MS,
    probeWorkers: e.WAYGATE_PROBE_WORKERS ?? defaultProbeWorkers(),
    retentionDays: e.HEALTH_CHECK_RETENTION_DAYS,
    logLevel: e.LOG_LEVEL,
    authFailureLimit: e.WAYGATE_AUTH_FAILURE_LIMIT,
    trustProxy: ['on', 'true', '1'].includes(e.WAYGATE_TRUST_PROXY),
    metricsToken: e.WAYGATE_METRICS_TOKEN,
    metricsPort: e.WAYGATE_METRICS_PORT,
  };
}
