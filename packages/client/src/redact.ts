export const REDACTED = '[REDACTED]';

/**
 * Replaces every occurrence of the given secrets in `value` (strings inside arrays and
 * plain objects included). Used on whatever the server sends back in an error, so a
 * server that echoes a bad key ("invalid key wgk_…") cannot leak it into the caller's logs.
 */
export const redact = <T>(value: T, secrets: readonly string[]): T => {
  const live = secrets.filter((secret) => secret.length > 0);
  if (live.length === 0) return value;
  const walk = (input: unknown): unknown => {
    if (typeof input === 'string') {
      return live.reduce((text, secret) => text.split(secret).join(REDACTED), input);
    }
    if (Array.isArray(input)) return input.map(walk);
    if (input !== null && typeof input === 'object') {
      return Object.fromEntries(Object.entries(input).map(([key, item]) => [key, walk(item)]));
    }
    return input;
  };
  return walk(value) as T;
};

/** Whether an error, or any error in its `cause` chain, quotes one of the secrets. */
const quotes = (error: unknown, secrets: readonly string[], depth = 0): boolean =>
  error instanceof Error &&
  depth < 5 &&
  (secrets.some((secret) => `${error.message}${error.stack}`.includes(secret)) ||
    quotes(error.cause, secrets, depth + 1));

/**
 * The low-level error to keep as `cause`: the original when it is clean (its stack helps
 * debugging), nothing when it quotes a secret, because loggers print causes in full.
 */
export const safeCause = (cause: unknown, secrets: readonly string[]): unknown =>
  quotes(cause, secrets) ? undefined : cause;
