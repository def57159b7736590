import { type DestinationStream, type Logger, pino } from 'pino';

/**
 * Paths that could ever carry a secret. The code never logs request bodies or credentials, and
 * this list is the second line of defence if someone adds such a log line later.
 */
export const REDACTED_PATHS = [
  'credentials',
  '*.credentials',
  '*.*.credentials',
  'token',
  '*.token',
  'key',
  '*.key',
  'password',
  '*.password',
  'accessToken',
  '*.accessToken',
  'refreshToken',
  '*.refreshToken',
  'apiKey',
  '*.apiKey',
  'authorization',
  '*.authorization',
  '*.headers.authorization',
  '*.headers.cookie',
  'headers',
  '*.headers',
  'ciphertext',
  '*.ciphertext',
  'cronSecret',
  '*.cronSecret',
  'secret',
  '*.secret',
];

export function createLogger(
  options: { level?: string; destination?: DestinationStream } = {},
): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'waygate-health' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}

export type { Logger };
