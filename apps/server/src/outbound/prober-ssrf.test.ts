import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type LoopbackServer, startLoopbackServer } from '@waygate/test-utils';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseAllowList } from './allow-list';
import type { ResolveAll } from './guarded-lookup';
import { createProber, type Prober } from './prober';
import { installLoopbackOnlyNetwork } from './test-support/loopback-only';
import { upstreamHandler } from './test-support/upstream-handler';

/** Fake DNS: each `.test` name resolves to the records listed here; nothing real is asked. */
const RECORDS: Record<string, { address: string; family: number }[]> = {
  localhost: [
    { address: '::1', family: 6 },
    { address: '127.0.0.1', family: 4 },
  ],
  'loopback.test': [{ address: '127.0.0.1', family: 4 }],
  'loopback6.test': [{ address: '::1', family: 6 }],
  'metadata.test': [{ address: '169.254.169.254', family: 4 }],
  'private.test': [{ address: '10.1.2.3', family: 4 }],
  // One public and one loopback record: the guard must refuse, not pick the public one.
  'mixed.test': [
    { address: '93.184.216.34', family: 4 },
    { address: '127.0.0.1', family: 4 },
  ],
  'mapped.test': [{ address: '::ffff:127.0.0.1', family: 6 }],
};
const resolveAll: ResolveAll = (hostname, _options, callback) => {
  const records = RECORDS[hostname];
  if (records) {
    callback(null, records);
    return;
  }
  const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
  error.code = 'ENOTFOUND';
  callback(error, []);
};

let server: LoopbackServer;
let prober: Prober | undefined;
const network = installLoopbackOnlyNetwork();

beforeAll(async () => {
  server = await startLoopbackServer(upstreamHandler('body'));
});
afterAll(async () => {
  await server.close();
  network.uninstall();
});
afterEach(async () => {
  await prober?.close();
  prober = undefined;
  expect(network.attempts).toEqual([]);
});

async function probeWith(allow: string | undefined, url: string) {
  await prober?.close();
  prober = createProber({ allowList: parseAllowList(allow), resolveAll });
  return prober.probe({ url, method: 'GET', headers: {} });
}

describe('SSRF guard', () => {
  const loopbackVectors = (port: number) => [
    `http://127.0.0.1:${port}/ok`,
    `http://0x7f000001:${port}/ok`,
    `http://2130706433:${port}/ok`,
    `http://0177.1:${port}/ok`,
    `http://127.1:${port}/ok`,
    `http://0:${port}/ok`,
    `http://[::ffff:7f00:1]:${port}/ok`,
    `http://[::ffff:127.0.0.1]:${port}/ok`,
    `http://[::]:${port}/ok`,
    `http://[::1]:${port}/ok`,
    `http://[::127.0.0.1]:${port}/ok`,
    `http://localhost:${port}/ok`,
    `http://loopback.test:${port}/ok`,
    `http://loopback6.test:${port}/ok`,
    `http://mapped.test:${port}/ok`,
    `http://mixed.test:${port}/ok`,
  ];

  it('refuses every loopback vector with SSRF_BLOCKED and no connection reaching the server', async () => {
    for (const url of loopbackVectors(server.port)) {
      const result = await probeWith(undefined, url);
      expect({ url, result }).toMatchObject({
        url,
        result: { success: false, error: { code: 'SSRF_BLOCKED' } },
      });
    }
    expect(server.connections).toBe(0);
  });

  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://metadata.test/latest/meta-data/',
    'http://10.0.0.1/',
    'http://172.16.0.1/',
    'http://192.168.1.1/',
    'http://100.64.0.1/',
    'http://private.test/',
    'http://255.255.255.255/',
    'http://224.0.0.1/',
    'http://240.0.0.1/',
    'http://[fd00::1]/',
    'http://[fe80::1]/',
    'http://[::ffff:a00:1]/',
    'http://[::ffff:169.254.169.254]/',
    'http://[64:ff9b::a00:1]/',
  ])('refuses %s', async (url) => {
    const result = await probeWith(undefined, url);
    expect(result).toMatchObject({ success: false, error: { code: 'SSRF_BLOCKED' } });
    expect(result.statusCode).toBeUndefined();
  });

  it('lets an allow-listed 127.0.0.1 through, in every spelling that means 127.0.0.1', async () => {
    for (const host of ['127.0.0.1', '0x7f000001', '2130706433', '127.1', '[::ffff:7f00:1]']) {
      const result = await probeWith('127.0.0.1', `http://${host}:${server.port}/ok`);
      expect(result).toMatchObject({ success: true, statusCode: 200 });
    }
    expect(server.connections).toBeGreaterThan(0);
  });

  it('keeps refusing other loopback addresses when only 127.0.0.1 is allowed', async () => {
    const before = server.connections;
    for (const url of [`http://0:${server.port}/ok`, `http://127.0.0.2:${server.port}/ok`]) {
      const result = await probeWith('127.0.0.1', url);
      expect(result.error?.code).toBe('SSRF_BLOCKED');
    }
    expect(server.connections).toBe(before);
  });

  it('proves the vectors are real: an allow-listed 0.0.0.0 does reach the loopback server', async () => {
    const before = server.connections;
    const result = await probeWith('0.0.0.0/32', `http://0:${server.port}/ok`);
    expect(result.success).toBe(true);
    expect(server.connections).toBe(before + 1);
  });

  it('allows by CIDR, both for literal hosts and for resolved names', async () => {
    expect((await probeWith('127.0.0.0/8', `http://127.0.0.1:${server.port}/ok`)).success).toBe(
      true,
    );
    expect((await probeWith('127.0.0.0/8', `http://loopback.test:${server.port}/ok`)).success).toBe(
      true,
    );
    const outside = await probeWith('10.0.0.0/8', `http://loopback.test:${server.port}/ok`);
    expect(outside.error?.code).toBe('SSRF_BLOCKED');
  });

  it('allows a named host whatever it resolves to, and only that host', async () => {
    expect(
      (await probeWith('loopback.test', `http://loopback.test:${server.port}/ok`)).success,
    ).toBe(true);
    const other = await probeWith('loopback.test', `http://mapped.test:${server.port}/ok`);
    expect(other.error?.code).toBe('SSRF_BLOCKED');
  });

  it('vets every redirect hop against the allow-list', async () => {
    const before = server.requests.length;
    const location = encodeURIComponent(`http://[::ffff:7f00:1]:${server.port}/ok`);
    const result = await probeWith(
      'loopback.test',
      `http://loopback.test:${server.port}/redirect-to?location=${location}`,
    );
    expect(result.error?.code).toBe('SSRF_BLOCKED');
    expect(server.requests.length - before).toBe(1);
  });
});

describe('SSRF guard: IPv6 literal hosts', () => {
  it('refuses [::1] unless allow-listed, and reaches it when it is', async () => {
    const v6 = createServer((_request, response) => response.end('ok'));
    let connections = 0;
    v6.on('connection', () => {
      connections += 1;
    });
    const listening = await new Promise<boolean>((resolve) => {
      v6.once('error', () => resolve(false));
      v6.listen(0, '::1', () => resolve(true));
    });
    if (!listening) return; // no IPv6 loopback on this machine: nothing to prove here
    try {
      const url = `http://[::1]:${(v6.address() as AddressInfo).port}/`;
      expect((await probeWith(undefined, url)).error?.code).toBe('SSRF_BLOCKED');
      expect((await probeWith('127.0.0.1', url)).error?.code).toBe('SSRF_BLOCKED');
      expect(connections).toBe(0);
      expect((await probeWith('::1', url)).success).toBe(true);
      expect(connections).toBe(1);
    } finally {
      await prober?.close();
      await new Promise<void>((resolve) => v6.close(() => resolve()));
    }
  });
});
