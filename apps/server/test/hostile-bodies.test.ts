import { performance } from 'node:perf_hooks';
import { API_ERROR_CODES, ErrorEnvelope } from '@waygate/health-core';
import { beforeAll, expect, it } from 'vitest';
import { MAX_BODY_BYTES, MAX_JSON_DEPTH } from '../src/http/validation';
import { type ApiClient, apiClient } from './support/api';
import { describeEachDatabase } from './support/databases';

// Fuzz-style: hostile request bodies (deep nesting, huge arrays, long strings, odd Unicode, random
// mutations) always answer a 4xx with a stable error code, never a 500, and never hold the event
// loop: each answers, and a /healthz sent alongside answers too, within a generous liveness bound.

/** Liveness, not speed: the work is a few ms; the margin covers a loaded 2-core machine. */
const ANSWERS_WITHIN_MS = 1_000;

const DEPTHS = [1, MAX_JSON_DEPTH - 1, MAX_JSON_DEPTH, MAX_JSON_DEPTH + 1, 1_000, 6_000, 30_000];

const arrays = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;
const objects = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
/** A plausible integration whose `healthCheckConfig` holds the rest of the nesting. */
const inConfig = (inner: (depth: number) => string) => (depth: number) =>
  `{"name":"n","baseUrl":"https://x.test","authType":"none","healthCheckConfig":${inner(depth - 1)}}`;

interface Shape {
  name: string;
  body: (depth: number) => string;
  /** The field a too-deep body is reported on: the path to the first value past the limit. */
  field: string;
}

const SHAPES: Shape[] = [
  { name: '[[[…]]]', body: arrays, field: Array(MAX_JSON_DEPTH).fill('0').join('.') },
  { name: '{"a":{"a":…}}', body: objects, field: Array(MAX_JSON_DEPTH).fill('a').join('.') },
  {
    name: 'healthCheckConfig: [[…]]',
    body: inConfig(arrays),
    field: ['healthCheckConfig', ...Array(MAX_JSON_DEPTH - 1).fill('0')].join('.'),
  },
  {
    name: 'healthCheckConfig: {"a":…}',
    body: inConfig(objects),
    field: ['healthCheckConfig', ...Array(MAX_JSON_DEPTH - 1).fill('a')].join('.'),
  },
];

interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests inspect response bodies ad hoc
  body: any;
  text: string;
  /** From sending the request until both it and the /healthz sent alongside had answered. */
  ms: number;
}

describeEachDatabase('hostile request bodies', ({ server }) => {
  let api: ApiClient;
  let authorization: string;
  let integrationId: string;
  let connectionId: string;

  beforeAll(async () => {
    const { apiKey } = await server().createTenant();
    authorization = `Bearer ${apiKey}`;
    api = apiClient(server, apiKey);
    const integration = await api.post('/integrations', {
      name: 'I',
      baseUrl: 'https://i.test',
      authType: 'bearer',
    });
    integrationId = integration.body.data.id;
    connectionId = (await api.post('/connections', { integrationId, name: 'C' })).body.data.id;
  });

  /** Sends a raw body with a /healthz alongside; both must answer within the liveness bound. */
  async function send(
    path: string,
    body: string | Uint8Array<ArrayBuffer>,
    method = 'POST',
    contentType = 'application/json',
  ): Promise<Answer> {
    const started = performance.now();
    const request = Promise.resolve(
      server().app.request(`/api/v1${path}`, {
        method,
        headers: { authorization, 'content-type': contentType },
        body,
      }),
    ).then(async (response) => {
      const text = await response.text();
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
      return { status: response.status, body: parsed, text, ms: performance.now() - started };
    });
    const healthz = Promise.resolve(server().app.request('/healthz')).then((response) => ({
      status: response.status,
      ms: performance.now() - started,
    }));
    const [answer, probe] = await Promise.all([request, healthz]);
    expect(probe.status).toBe(200);
    const ms = Math.max(answer.ms, probe.ms);
    expect(ms, `${method} ${path} (body of ${body.length}) answered in ${ms} ms`).toBeLessThan(
      ANSWERS_WITHIN_MS,
    );
    return { ...answer, ms };
  }

  /** A 4xx with the error envelope, a known code, no stack trace, a bounded size. */
  function expectError(answer: Answer, status: number, code: string, field?: string) {
    expect(answer.status, answer.text.slice(0, 300)).toBe(status);
    const envelope = ErrorEnvelope.parse(answer.body);
    expect(envelope.error.code).toBe(code);
    if (field !== undefined) expect(envelope.error.details?.field).toBe(field);
    expect(answer.text).not.toMatch(/\bat .*\.(ts|js):\d+/);
    expect(answer.text.length).toBeLessThan(8_192); // nothing of the body echoed back in bulk
    return envelope.error;
  }

  for (const shape of SHAPES) {
    it.each(DEPTHS)(
      `${shape.name} nested %i levels → 4xx, the limit named past 64`,
      async (depth) => {
        const body = shape.body(depth);
        const answer = await send('/integrations', body);
        if (Buffer.byteLength(body) > MAX_BODY_BYTES) {
          expectError(answer, 413, 'PAYLOAD_TOO_LARGE');
        } else if (depth > MAX_JSON_DEPTH) {
          const error = expectError(answer, 400, 'VALIDATION_ERROR', shape.field);
          expect(error.message).toBe(
            `${shape.field}: nested deeper than 64 levels (the JSON nesting limit)`,
          );
        } else {
          // Within the limit the schema itself answers (no API body nests this deep).
          const error = expectError(answer, 400, 'VALIDATION_ERROR');
          expect(error.message).not.toMatch(/nested deeper/);
        }
      },
    );
  }

  it('every JSON endpoint refuses a 30,000-level body the same way', async () => {
    const deep = arrays(30_000);
    const field = Array(MAX_JSON_DEPTH).fill('0').join('.');
    for (const [method, path] of [
      ['POST', '/integrations'],
      ['PATCH', `/integrations/${integrationId}`],
      ['POST', `/integrations/${integrationId}/actions`],
      ['POST', '/connections'],
      ['PATCH', `/connections/${connectionId}`],
      ['POST', `/connections/${connectionId}/health-checks`],
      ['POST', '/webhooks'],
    ] as const) {
      expectError(await send(path, deep, method), 400, 'VALIDATION_ERROR', field);
    }
  });

  it('malformed deep bodies (never closed, mixed, brackets in strings) → 400', async () => {
    expectError(await send('/integrations', '['.repeat(60_000)), 400, 'VALIDATION_ERROR');
    expectError(await send('/integrations', '{"a":'.repeat(13_000)), 400, 'VALIDATION_ERROR');
    expectError(await send('/integrations', '[{"a":'.repeat(9_000)), 400, 'VALIDATION_ERROR');
    expectError(await send('/integrations', ']]]]}}}}'.repeat(8_000)), 400, 'INVALID_JSON');
    // Brackets, quotes and backslashes inside strings do not count as nesting.
    const tricky = JSON.stringify({
      name: '[{'.repeat(5_000),
      baseUrl: 'https://x.test',
      authType: 'none',
      'k"[{\\': 1,
    });
    expectError(await send('/integrations', tricky), 400, 'VALIDATION_ERROR', 'name');
    // A key holding quotes and brackets is named exactly on the path past the limit.
    const keyed = `{"x\\"]":${arrays(70)}}`;
    expectError(
      await send('/integrations', keyed),
      400,
      'VALIDATION_ERROR',
      ['x"]', ...Array(MAX_JSON_DEPTH - 1).fill('0')].join('.'),
    );
  });

  it('huge arrays → 400 naming the field', async () => {
    const zeros = `[${Array(30_000).fill('0').join(',')}]`;
    expectError(await send('/integrations', zeros), 400, 'VALIDATION_ERROR', '(body)');
    const action = (tags: unknown) =>
      JSON.stringify({ name: 'a', method: 'GET', path: '/x', tags });
    const actions = `/integrations/${integrationId}/actions`;
    expectError(await send(actions, action(Array(12_000).fill('t'))), 400, 'VALIDATION_ERROR');
    const numbers = expectError(
      await send(actions, action(Array(30_000).fill(1))),
      400,
      'VALIDATION_ERROR',
    );
    expect(numbers.details?.issues?.length).toBeLessThanOrEqual(20);
    const config = JSON.stringify({
      name: 'n',
      baseUrl: 'https://x.test',
      authType: 'none',
      healthCheckConfig: Array(15_000).fill({}),
    });
    expectError(await send('/integrations', config), 400, 'VALIDATION_ERROR', 'healthCheckConfig');
  });

  it('long strings and overlong keys → 400, the field named but never echoed in bulk', async () => {
    const integration = (name: string) =>
      JSON.stringify({ name, baseUrl: 'https://x.test', authType: 'none' });
    expectError(
      await send('/integrations', integration('x'.repeat(60_000))),
      400,
      'VALIDATION_ERROR',
      'name',
    );
    expectError(
      await send('/integrations', integration('\\'.repeat(30_000))),
      400,
      'VALIDATION_ERROR',
      'name',
    );
    expectError(
      await send('/integrations', integration('\u0000'.repeat(10_000))),
      400,
      'VALIDATION_ERROR',
      'name',
    );
    expectError(
      await send(
        '/integrations',
        JSON.stringify({
          name: 'n',
          baseUrl: `https://x.test/${'p'.repeat(60_000)}`,
          authType: 'none',
        }),
      ),
      400,
      'VALIDATION_ERROR',
      'baseUrl',
    );
    const key = 'k'.repeat(60_000);
    const unknown = expectError(
      await send('/integrations', JSON.stringify({ [key]: 1 })),
      400,
      'VALIDATION_ERROR',
    );
    const fields = [unknown.details?.field, ...(unknown.details?.issues ?? []).map((i) => i.field)];
    for (const field of fields) expect((field ?? '').length).toBeLessThanOrEqual(200);
    expect(fields).toContain(`${'k'.repeat(199)}…`);
  });

  it('odd Unicode: lone surrogates and NUL → 400 naming the field; bad UTF-8 → 400 INVALID_JSON', async () => {
    const named = (body: string, field: string, message: RegExp) => async () => {
      const error = expectError(await send('/integrations', body), 400, 'VALIDATION_ERROR', field);
      expect(error.message).toMatch(message);
    };
    const surrogate = /lone surrogate/;
    await named(
      '{"name":"\\ud800","baseUrl":"https://x.test","authType":"none"}',
      'name',
      surrogate,
    )();
    await named(
      '{"name":"a\\udfff","baseUrl":"https://x.test","authType":"none"}',
      'name',
      surrogate,
    )();
    await named(
      '{"name":"\\udc00\\ud800","baseUrl":"https://x.test","authType":"none"}',
      'name',
      surrogate,
    )();
    await named(
      '{"name":"😀\\ud83d","baseUrl":"https://x.test","authType":"none"}',
      'name',
      surrogate,
    )();
    await named('{"\\ud800k":1}', '\ud800k', surrogate)();
    await named('{"a":[1,{"b\\u0000c":2}]}', 'a.1.bc', /NUL/)();
    const token = expectError(
      await send(
        '/connections',
        JSON.stringify({
          integrationId,
          name: 'n',
          credentials: { type: 'bearer', token: 't' },
        }).replace('"t"', '"t\\udfff"'),
      ),
      400,
      'VALIDATION_ERROR',
      'credentials.token',
    );
    expect(token.message).toMatch(surrogate);

    const prefix = Buffer.from('{"name":"');
    const suffix = Buffer.from('","baseUrl":"https://x.test","authType":"none"}');
    for (const bytes of [
      [0xff], // never valid in UTF-8
      [0xed, 0xa0, 0x80], // a surrogate encoded as UTF-8 (CESU-8)
      [0xc0, 0xaf], // an overlong "/"
      [0xe2, 0x82], // a truncated sequence
      [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
    ]) {
      const body = new Uint8Array(Buffer.concat([prefix, Buffer.from(bytes), suffix]));
      expectError(await send('/integrations', body), 400, 'INVALID_JSON', '(body)');
    }
    // A raw (unescaped) control character inside a string is not JSON.
    expectError(
      await send(
        '/integrations',
        '{"name":"a\u0000b","baseUrl":"https://x.test","authType":"none"}',
      ),
      400,
      'INVALID_JSON',
    );
    // Not JSON at all, in another encoding: the content type answers first.
    expectError(
      await send('/integrations', new Uint8Array([0xff, 0xfe, 0x00]), 'POST', 'text/plain'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
  });

  it('valid Unicode is kept exactly: pairs, astral, noncharacters, bidi and joiners', async () => {
    for (const name of [
      '😀 ok',
      '𝔘𝔫𝔦',
      '\uffff\ufffe',
      '\u202eevil\u202c',
      '👩‍👩‍👧',
      'ç',
      '\u0001',
    ]) {
      const created = await send(
        '/integrations',
        JSON.stringify({ name, baseUrl: 'https://x.test', authType: 'none' }),
      );
      expect(created.status, created.text).toBe(201);
      expect(created.body.data.name).toBe(name);
      const read = await api.get(`/integrations/${created.body.data.id}`);
      expect(read.body.data.name).toBe(name);
    }
    // An escaped pair is one character, not two lone halves.
    const escaped = await send(
      '/integrations',
      '{"name":"\\ud83d\\ude00","baseUrl":"https://x.test","authType":"none"}',
    );
    expect(escaped.status, escaped.text).toBe(201);
    expect(escaped.body.data.name).toBe('😀');
  });

  it('absurd numbers → 400 naming the field', async () => {
    const withInterval = (value: string) =>
      `{"name":"n","baseUrl":"https://x.test","authType":"none","healthCheckConfig":{"intervalMinutes":${value}}}`;
    for (const value of ['1e999', '-1e999', '1'.repeat(30_000), '0.000000001', '-0']) {
      expectError(
        await send('/integrations', withInterval(value)),
        400,
        'VALIDATION_ERROR',
        'healthCheckConfig.intervalMinutes',
      );
    }
  });

  it('random mutations of a valid body: never a 5xx, every error a known code', async () => {
    // Seeded, so a failure reproduces: mulberry32.
    let seed = 0x5eed_1212;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const pieces = [
      '[',
      ']',
      '{',
      '}',
      '"',
      '\\',
      ',',
      ':',
      '\\u0000',
      '\\ud800',
      '\\udc00',
      '\\"',
      '\u0000',
      '\ud83d\ude00',
      '\u202e',
      '1e999',
      'null',
      'true',
      '-',
      '"__proto__":',
      '"constructor":',
      '[[[[[[[[[[[[[[[[',
      '{"a":{"a":{"a":',
      ' ',
      '\n',
      '\uffff',
      '0'.repeat(400),
    ];
    const valid = JSON.stringify({
      name: 'Fuzz',
      baseUrl: 'https://fuzz.test/v1',
      authType: 'api_key',
      apiKeyPlacement: { in: 'header', name: 'X-Key' },
      healthCheckConfig: { enabled: true, intervalMinutes: 15 },
    });
    const known = new Set<string>(API_ERROR_CODES);
    const statuses = new Map<number, number>();
    for (let round = 0; round < 150; round += 1) {
      let body = valid;
      const edits = 1 + Math.floor(random() * 4);
      for (let e = 0; e < edits; e += 1) {
        const at = Math.floor(random() * (body.length + 1));
        const op = random();
        if (op < 0.45) {
          const piece = pick(pieces);
          body =
            body.slice(0, at) +
            piece.repeat(1 + Math.floor(random() * (random() < 0.2 ? 2_000 : 3))) +
            body.slice(at);
        } else if (op < 0.65) {
          body = body.slice(0, at) + body.slice(at + 1 + Math.floor(random() * 20));
        } else if (op < 0.85) {
          const depth = 1 + Math.floor(random() * 200);
          body = `${'['.repeat(depth)}${body}${']'.repeat(depth)}`;
        } else {
          body =
            body.slice(0, at) +
            body.slice(Math.floor(random() * body.length)).slice(0, 500) +
            body.slice(at);
        }
      }
      const answer = await send('/integrations', body);
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      expect(answer.status, `round ${round}: ${body.slice(0, 200)}`).toBeLessThan(500);
      if (answer.status >= 400) {
        const envelope = ErrorEnvelope.parse(answer.body);
        expect(known.has(envelope.error.code), envelope.error.code).toBe(true);
      }
    }
    // The fuzz reached both the nesting limit and the other checks.
    expect([...statuses.keys()].some((status) => status >= 400)).toBe(true);
  });

  it('over HTTP, a 30,000-level body answers 400 at once and /healthz never stalls', async () => {
    const url = server().baseUrl || (await server().listen());
    const started = performance.now();
    const deep = fetch(`${url}/api/v1/integrations`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: arrays(30_000),
    }).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as { error: { code: string } },
      ms: performance.now() - started,
    }));
    const probes = Promise.all(
      [0, 10, 20, 40].map(async (delay) => {
        await new Promise((resolve) => setTimeout(resolve, delay));
        const sent = performance.now();
        const response = await fetch(`${url}/healthz`);
        return { status: response.status, ms: performance.now() - sent };
      }),
    );
    const [answer, healthz] = await Promise.all([deep, probes]);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('VALIDATION_ERROR');
    expect(answer.ms).toBeLessThan(ANSWERS_WITHIN_MS);
    for (const probe of healthz) {
      expect(probe.status).toBe(200);
      expect(probe.ms).toBeLessThan(ANSWERS_WITHIN_MS);
    }
  });
});
