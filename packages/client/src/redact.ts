export const REDACTED = '[REDACTED]';

/** How deep `redact` reads nested objects and arrays; deeper values become `REDACTED`. */
const MAX_DEPTH = 32;

/**
 * Replaces every occurrence of the given secrets in `value` (strings inside arrays and
 * plain objects included). Used on whatever the server sends back in an error, so a
 * server that echoes a bad key ("invalid key wgk_…") cannot leak it into the caller's logs.
 */
export const redact = <T>(value: T, secrets: readonly string[]): T => {
  const live = secrets.filter((secret) => secret.length > 0);
  if (live.length === 0) return value;
  const walk = (input: unknown, depth: number): unknown => {
    if (typeof input === 'string') {
      return live.reduce((text, secret) => text.split(secret).join(REDACTED), input);
    }
    if (input === null || typeof input !== 'object') return input;
    // A hostile body nested deeper than any real one would overflow the stack (a RangeError
    // instead of the SDK's error); what lies below is dropped, unread, as a secret could be.
    if (depth >= MAX_DEPTH) return REDACTED;
    if (Array.isArray(input)) return input.map((item) => walk(item, depth + 1));
    return Object.fromEntries(
      Object.entries(input).map(([key, item]) => [key, walk(item, depth + 1)]),
    );
  };
  return walk(value, 0) as T;
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
