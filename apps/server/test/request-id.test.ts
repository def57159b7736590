import { expect, it } from 'vitest';
import { apiClient } from './support/api';
import { describeEachDatabase } from './support/databases';

describeEachDatabase('request ids', ({ server }) => {
  it('answers every request, errors included, with an X-Request-Id', async () => {
    const api = apiClient(server, (await server().createTenant()).apiKey);
    const ok = await api.get('/connections');
    const missing = await api.get('/connections/conn_0000000000000000000000000');
    const anonymous = await apiClient(server).get('/connections');
    const ids = [ok, missing, anonymous].map((r) => r.headers.get('x-request-id'));
    for (const id of ids) expect(id).toMatch(/^[\w.-]{1,64}$/);
    expect(new Set(ids).size).toBe(3);
  });

  it("keeps a caller's well-formed request id and replaces a malformed one", async () => {
    const api = apiClient(server, (await server().createTenant()).apiKey);
    const kept = await api.call('GET', '/connections', undefined, {
      headers: { 'x-request-id': 'trace-42.a' },
    });
    expect(kept.headers.get('x-request-id')).toBe('trace-42.a');
    const replaced = await api.call('GET', '/connections', undefined, {
      headers: { 'x-request-id': 'no spaces <allowed>' },
    });
    expect(replaced.headers.get('x-request-id')).not.toContain(' ');
  });
});
