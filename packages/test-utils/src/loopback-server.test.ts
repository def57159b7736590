import { expect, it } from 'vitest';
import { startLoopbackServer } from './loopback-server';

it('answers on 127.0.0.1, records requests and connections, and closes hanging sockets', async () => {
  const server = await startLoopbackServer((request, response) => {
    if (request.url === '/hang') return;
    response.end('ok');
  });
  expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const response = await fetch(`${server.origin}/a?b=1`, { headers: { 'x-test': 'yes' } });
  expect(await response.text()).toBe('ok');
  expect(server.requests[0]).toMatchObject({ method: 'GET', url: '/a?b=1' });
  expect(server.requests[0]?.headers['x-test']).toBe('yes');
  expect(server.connections).toBeGreaterThanOrEqual(1);
  const hanging = fetch(`${server.origin}/hang`).catch((error: unknown) => error);
  while (server.requests.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
  await server.close();
  expect(await hanging).toBeInstanceOf(Error);
});
