import { afterEach, describe, expect, it } from 'vitest';
import { type SandboxUpstream, startSandboxUpstream } from './sandbox-upstream';

let sandbox: SandboxUpstream | null = null;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = null;
});

const get = (path: string, headers: Record<string, string> = { authorization: 'Bearer t' }) =>
  fetch(`${sandbox!.url}${path}`, { headers });

describe('demo sandbox upstream', () => {
  it('listens on loopback and refuses calls without a credential', async () => {
    sandbox = await startSandboxUpstream();
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await get('/acme/me', {})).status).toBe(401);
    expect((await get('/healthz', {})).status).toBe(200);
  });

  it('accepts a bearer token, an X-API-Key header or an api_key query parameter', async () => {
    sandbox = await startSandboxUpstream();
    expect((await get('/acme/me')).status).toBe(200);
    expect((await get('/initech/ping', { 'x-api-key': 'k' })).status).toBe(200);
    expect((await get('/initech/ping?api_key=k', {})).status).toBe(200);
  });

  it('fails the tickets endpoint with a 500', async () => {
    sandbox = await startSandboxUpstream();
    const response = await get('/initech/tickets');
    expect(response.status).toBe(500);
    expect(sandbox.hits().tickets).toBe(1);
  });

  it('alternates success and failure on the flaky endpoint, per caller', async () => {
    sandbox = await startSandboxUpstream();
    const a = { authorization: 'Bearer a' };
    const b = { authorization: 'Bearer b' };
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await get('/acme/flaky', a)).status);
    expect(statuses).toEqual([200, 503, 200, 503]);
    // A second caller starts its own alternation.
    expect((await get('/acme/flaky', b)).status).toBe(200);
  });

  it('tells callers apart by an api_key query parameter too', async () => {
    sandbox = await startSandboxUpstream();
    // Two connections with query-parameter keys flap independently: each starts with a success.
    expect((await get('/acme/flaky?api_key=a', {})).status).toBe(200);
    expect((await get('/acme/flaky?api_key=b', {})).status).toBe(200);
    expect((await get('/acme/flaky?api_key=a', {})).status).toBe(503);
  });

  it('alternates a fast and a slow answer on the flap endpoint, per caller', async () => {
    sandbox = await startSandboxUpstream({ slowMs: 150 });
    const a = { authorization: 'Bearer a' };
    const b = { authorization: 'Bearer b' };
    const slow: boolean[] = [];
    for (let i = 0; i < 4; i += 1) {
      const started = performance.now();
      expect((await get('/acme/flap', a)).status).toBe(200);
      // A lower bound only: a slow answer must never be faster than the delay.
      slow.push(performance.now() - started >= 140);
    }
    expect([slow[1], slow[3]]).toEqual([true, true]);
    expect(sandbox.hits().flap).toBe(4);
    // A second caller starts its own alternation (fast first); /flaky's count is separate.
    expect((await get('/acme/flap', b)).status).toBe(200);
    expect((await get('/acme/flaky', a)).status).toBe(200);
  });

  it('answers the slow endpoint only after the configured delay', async () => {
    sandbox = await startSandboxUpstream({ slowMs: 150 });
    const started = performance.now();
    const response = await get('/acme/slow');
    expect(response.status).toBe(200);
    // A lower bound only: the endpoint must never be faster than the delay it exists to show.
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('holds the archive endpoint open, then gives up with 504', async () => {
    sandbox = await startSandboxUpstream({ hangMs: 100 });
    expect((await get('/initech/archive')).status).toBe(504);
  });

  it('stops promptly with a hanging request in flight', async () => {
    sandbox = await startSandboxUpstream({ hangMs: 60_000 });
    const inFlight = get('/initech/archive').catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await sandbox.stop();
    sandbox = null;
    // The client sees the connection go away instead of waiting a minute.
    expect(await inFlight).toBeInstanceOf(Error);
  });

  it('answers 404 for an unknown endpoint and 405 for a write to a read-only one', async () => {
    sandbox = await startSandboxUpstream();
    expect((await get('/acme/nope')).status).toBe(404);
    const post = await fetch(`${sandbox.url}/acme/me`, {
      method: 'POST',
      headers: { authorization: 'Bearer t' },
    });
    expect(post.status).toBe(405);
    const note = await fetch(`${sandbox.url}/acme/notes`, {
      method: 'POST',
      headers: { authorization: 'Bearer t' },
      body: '{}',
    });
    expect(note.status).toBe(201);
  });
});
