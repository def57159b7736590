/**
 * A stand-in third-party API for benchmarks, run as its own process on loopback so that its
 * work never counts against the server's CPU figures.
 *
 * Behaviour is chosen by the bearer token a connection sends, so a benchmark can mix healthy,
 * failing and hanging connections: `ok-*` answers 200 after the latency, `fail-*` answers 500,
 * `hang-*` never answers (until the client gives up and closes the socket), `limit-*` answers 429.
 * `GET /__stats` returns request counts per token, the sockets open now and the `hang-*` requests
 * still held open (both should fall back to ~0 once the clients' timeouts have fired: a hang
 * holds nothing but its socket). `GET /__reset` clears the counts.
 *
 * With `--hosts N` it listens on N loopback addresses (127.0.1.1 … 127.0.1.N) on one port, so a
 * benchmark can spread connections over many "APIs" as real tenants do.
 *
 *   npx tsx bench/mock-upstream.ts --port 0 --latency-ms 100 --hosts 50
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'latency-ms': { type: 'string', default: '100' },
    hosts: { type: 'string', default: '1' },
  },
});
const latencyMs = Number(values['latency-ms']);
const requestsByToken = new Map<string, number>();
let total = 0;
/** Open client sockets (keep-alive ones included), over every address. */
let sockets = 0;
/** `hang-*` requests whose socket is still open. */
let hanging = 0;

const handle = (req: IncomingMessage, res: ServerResponse) => {
  if (req.url === '/__stats') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ total, byToken: Object.fromEntries(requestsByToken), sockets, hanging }),
    );
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
  if (token.startsWith('hang-')) {
    // Never answers: the runner's timeout must fire, and its abort closes the socket.
    hanging += 1;
    res.on('close', () => {
      hanging -= 1;
    });
    return;
  }
  setTimeout(() => {
    if (token.startsWith('fail-')) res.writeHead(500).end('{"error":"upstream"}');
    else if (token.startsWith('limit-')) res.writeHead(429, { 'retry-after': '30' }).end();
    else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  }, latencyMs);
};

const hostCount = Number(values.hosts);
const addresses = Array.from({ length: hostCount }, (_, i) =>
  hostCount === 1 ? '127.0.0.1' : `127.0.1.${i + 1}`,
);
const servers: Server[] = [];

async function listenAll(): Promise<number> {
  let port = Number(values.port);
  for (const address of addresses) {
    const server = createServer(handle);
    server.keepAliveTimeout = 60_000;
    server.on('connection', (socket) => {
      sockets += 1;
      socket.on('close', () => {
        sockets -= 1;
      });
    });
    await new Promise<void>((resolve) => server.listen(port, address, resolve));
    const info = server.address();
    if (port === 0 && typeof info === 'object' && info) port = info.port;
    servers.push(server);
  }
  return port;
}

listenAll().then((port) => {
  const urls = addresses.map((a) => `http://${a}:${port}`);
  process.stdout.write(`${JSON.stringify({ listening: urls, latencyMs })}\n`);
});
process.on('SIGTERM', () => {
  for (const server of servers) server.closeAllConnections();
  process.exit(0);
});
