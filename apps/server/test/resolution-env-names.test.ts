import { SUGGESTED_RESOLUTIONS } from '@waygate/health-core';
import { expect, it } from 'vitest';
import { EnvSchema } from '../src/config';

// Core's suggestions name server variables as plain text (core cannot import the server); a
// renamed variable must not leave a suggestion pointing at a setting that no longer exists.
it('every WAYGATE_* variable a resolution suggestion names is one the server reads', () => {
  const named = Object.values(SUGGESTED_RESOLUTIONS).flatMap(
    (text) => text.match(/\bWAYGATE_[A-Z0-9_]+\b/g) ?? [],
  );
  expect(named).toContain('WAYGATE_OUTBOUND_ALLOW');
  for (const name of named) expect(Object.keys(EnvSchema.shape)).toContain(name);
});
