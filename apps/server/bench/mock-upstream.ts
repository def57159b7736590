/**
 * A stand-in third-party API for benchmarks, run as its own process on loopback so that its
 * work never counts against the server's CPU figures.
 *
 * Behaviour is chosen by the bearer token a connection sends, so a benchmark can mix healthy,
 * failing and hanging connections: `ok-*` answers 200 after the latency, `fail-*` answers 500,
 * `hang-*` never answers, `limit-*` answers 429. `GET /__stats` returns request counts per token.
 *
 *   npx tsx bench/mock-upstream.ts --port 0 --latency-ms 100
 */
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'latency-ms': { type: 'string', default: '100' },
  },
});
const latencyMs = Number(values['latency-ms']);
const requestsByToken = new Map<string, number>();
let total = 0;

const server = createServer((req, res) => {
  if (req.url === '/__stats') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ total, byToken: Object.fromEntries(requestsByToken) }));
    return;
  }
  if (req.url === '/__reset') {
    requestsByToken.clear();
    total = 0;
    res.end('ok');
    return;
  }
  const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
  total += 1;
  requestsByToken.set(token, (requestsByToken.get(token) ?? 0) + 1);
  if (token.startsWith('hang-')) return; // never answers: the runner's timeout must fire
  setTimeout(() => {
    if (token.startsWith('fail-')) res.writeHead(500).end('{"error":"upstream"}');
    else if (token.startsWith('limit-')) res.writeHead(429, { 'retry-after': '30' }).end();
    else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  }, latencyMs);
});
server.keepAliveTimeout = 60_000;
server.listen(Number(values.port), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ listening: `http://127.0.0.1:${port}`, latencyMs })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
