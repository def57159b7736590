import { createHealthClient } from '@waygate/health-client';
import { describe, expectTypeOf, it } from 'vitest';
import type { HealthClientLike } from './health-client';

describe('HealthClientLike', () => {
  it('is satisfied by the real @waygate/health-client SDK', () => {
    const client = createHealthClient({ baseUrl: 'http://localhost:3000', apiKey: 'k' });
    expectTypeOf(client).toExtend<HealthClientLike>();
  });
});
