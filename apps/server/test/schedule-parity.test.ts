import { randomBytes } from 'node:crypto';
import { isDue, SCHEDULE_RULES, slotAfterClaim } from '@waygate/health-core';
import { beforeAll, expect, it } from 'vitest';
import { claimDueConnections, countSkipped } from '../src/scheduler/claim-due';
import { type ApiClient, apiClient } from './support/api';
import { describeEachDatabase } from './support/databases';
import { setupConnection } from './support/fixtures';

/**
 * Core is the one definition of the schedule; the claim runs it in SQL (migration 0040). These
 * tests hold the two equal on random inputs, through the functions the claim calls and through
 * the claim statement itself.
 */

const MIN = 60_000;
const FROM = Date.parse('2020-01-01');
const TO = Date.parse('2040-01-01');

/** Seeded, so a failure can be replayed (mulberry32). */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(values: readonly T[]): T => values[int(0, values.length - 1)]!;
  return { next, int, pick };
}

function uuidAt(ms: number): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(ms, 0, 6);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describeEachDatabase('schedule parity: SQL = core', ({ server }) => {
  it('slot after a claim: 1,000 random (id, interval, now, due) give the same time', async () => {
    const r = random(20261201);
    const cases = Array.from({ length: 1000 }, () => {
      const now = r.int(FROM, TO);
      const minutes = r.pick([
        null,
        -3,
        0,
        1,
        1,
        5,
        15,
        15,
        60,
        1440,
        10_080,
        50_000,
        r.int(1, 10_080),
      ]);
      const due = r.pick([
        null,
        now,
        now - r.int(0, 20 * MIN),
        now - r.int(0, 30 * 24 * 60 * MIN),
        now + r.int(1, 10 * MIN),
      ]);
      return { id: uuidAt(r.int(FROM, TO)), minutes, now, due };
    });
    const { rows } = await server().db.query<{ slot: Date }>(
      `SELECT waygate_slot_after_claim(t.id, t.minutes, t.at, t.due, $5, $6, $7) AS slot
         FROM unnest($1::uuid[], $2::int[], $3::timestamptz[], $4::timestamptz[])
              WITH ORDINALITY AS t(id, minutes, at, due, n)
        ORDER BY t.n`,
      [
        cases.map((c) => c.id),
        cases.map((c) => c.minutes),
        cases.map((c) => iso(c.now)),
        cases.map((c) => iso(c.due)),
        SCHEDULE_RULES.minIntervalMinutes,
        SCHEDULE_RULES.maxIntervalMinutes,
        SCHEDULE_RULES.defaultIntervalMinutes,
      ],
    );
    const mismatches = cases.filter((c, index) => {
      const core = slotAfterClaim({
        connectionId: c.id,
        intervalMinutes: c.minutes ?? Number.NaN,
        now: new Date(c.now),
        dueAt: c.due === null ? null : new Date(c.due),
      });
      return new Date(rows[index]!.slot).getTime() !== core.getTime();
    });
    expect(mismatches).toEqual([]);
  });

  it('due rule: 1,000 random connection states get the same reason', async () => {
    const r = random(7);
    const cases = Array.from({ length: 1000 }, () => {
      const now = r.int(FROM, TO);
      return {
        integrationStatus: r.pick(['active', 'active', 'draft'] as const),
        enabled: r.pick([true, true, false, null]),
        connectionStatus: r.pick(['active', 'active', 'disabled'] as const),
        next: r.pick([null, now, now + 1, now - 1, now + r.int(-60 * MIN, 60 * MIN)]),
        manual: r.pick([
          null,
          now - SCHEDULE_RULES.manualCheckSkipMs,
          now - SCHEDULE_RULES.manualCheckSkipMs + 1,
          now - r.int(0, 10 * MIN),
        ]),
        now,
      };
    });
    const { rows } = await server().db.query<{ reason: string }>(
      `SELECT waygate_due_reason(t.i_status, t.enabled, t.c_status, t.next, t.manual, t.at, $7) AS reason
         FROM unnest($1::text[], $2::boolean[], $3::text[], $4::timestamptz[], $5::timestamptz[],
                     $6::timestamptz[]) WITH ORDINALITY AS t(i_status, enabled, c_status, next, manual, at, n)
        ORDER BY t.n`,
      [
        cases.map((c) => c.integrationStatus),
        cases.map((c) => c.enabled),
        cases.map((c) => c.connectionStatus),
        cases.map((c) => iso(c.next)),
        cases.map((c) => iso(c.manual)),
        cases.map((c) => iso(c.now)),
        SCHEDULE_RULES.manualCheckSkipMs,
      ],
    );
    const reasons = cases.map(
      (c) =>
        isDue({
          integrationStatus: c.integrationStatus,
          config: { enabled: c.enabled ?? true },
          connectionStatus: c.connectionStatus,
          nextCheckAt: c.next === null ? null : new Date(c.next),
          lastManualCheckAt: c.manual === null ? null : new Date(c.manual),
          now: new Date(c.now),
        }).reason,
    );
    expect(rows.map((row) => row.reason)).toEqual(reasons);
    // Every reason was exercised.
    expect(new Set(reasons).size).toBe(6);
  });

  describe_claim(server);
});

/** The claim statement itself on 300 random connections: what it claims, skips and schedules. */
function describe_claim(server: () => import('../src/testing/test-server').TestServer) {
  let api: ApiClient;
  beforeAll(async () => {
    api = apiClient(server, (await server().createTenant()).apiKey);
  });

  it('the claim takes exactly what isDue calls due, and schedules each at slotAfterClaim', async () => {
    const db = server().db;
    const r = random(42);
    const now = Date.parse('2026-06-01T12:00:00.000Z');
    const templates: string[] = [];
    for (const config of [
      { intervalMinutes: 1 },
      { intervalMinutes: 15 },
      { intervalMinutes: 10_080 },
      { enabled: false },
    ]) {
      const { connectionId, integrationId } = await setupConnection(api, {
        baseUrl: 'http://127.0.0.1:9',
      });
      await api.patch(`/integrations/${integrationId}`, { healthCheckConfig: config });
      templates.push(connectionId);
    }
    const draft = await setupConnection(api, { baseUrl: 'http://127.0.0.1:9' });
    await api.patch(`/integrations/${draft.integrationId}`, { status: 'draft' });
    templates.push(draft.connectionId);
    const { rows: ids } = await db.query<{ id: string }>(
      'SELECT id FROM connections WHERE name = $1 ORDER BY created_at',
      ['Production'],
    );
    for (let i = 0; i < 300; i += 1) {
      await db.query(
        `INSERT INTO connections
         SELECT (jsonb_populate_record(NULL::connections, to_jsonb(c) || jsonb_build_object(
                  'id', $2::uuid, 'status', $3::text, 'next_check_at', $4::timestamptz,
                  'last_manual_check_at', $5::timestamptz))).*
           FROM connections c WHERE c.id = $1`,
        [
          r.pick(ids).id,
          uuidAt(now - r.int(0, 1000 * MIN)),
          r.pick(['active', 'active', 'active', 'disabled']),
          iso(r.pick([null, now, now + 1, now - r.int(1, 90 * MIN), now + r.int(1, 90 * MIN)])),
          iso(r.pick([null, null, now - r.int(0, 10 * MIN)])),
        ],
      );
    }
    const { rows: all } = await db.query<{
      id: string;
      status: 'active' | 'disabled';
      next_check_at: Date | null;
      last_manual_check_at: Date | null;
      i_status: 'active' | 'draft';
      config: { enabled?: boolean; intervalMinutes?: number };
    }>(
      `SELECT c.id, c.status, c.next_check_at, c.last_manual_check_at, i.status AS i_status,
              i.health_check_config AS config
         FROM connections c JOIN integrations i ON i.id = c.integration_id`,
    );
    const at = new Date(now);
    const verdicts = all.map((row) => ({
      row,
      ...isDue({
        integrationStatus: row.i_status,
        config: { enabled: row.config.enabled ?? true },
        connectionStatus: row.status,
        nextCheckAt: row.next_check_at && new Date(row.next_check_at),
        lastManualCheckAt: row.last_manual_check_at && new Date(row.last_manual_check_at),
        now: at,
      }),
    }));
    const tally = (reason: string) =>
      verdicts.filter(
        (v) =>
          v.reason === reason &&
          // A switched-off connection is not a skip (countSkipped leaves it out).
          v.row.status === 'active' &&
          (v.row.next_check_at === null || new Date(v.row.next_check_at) <= at),
      ).length;

    expect(await countSkipped(db, at)).toEqual({
      recent_manual_check: tally('recent_manual_check'),
      integration_draft: tally('integration_draft'),
      checks_disabled: tally('checks_disabled'),
    });
    const claimed = await claimDueConnections(db, { owner: 'parity', now: at, limit: 1000 });
    const expected = verdicts.filter((v) => v.due);
    expect(expected.length).toBeGreaterThan(20);
    expect(claimed.map((c) => c.context.connectionId).sort()).toEqual(
      expected.map((v) => v.row.id).sort(),
    );
    for (const check of claimed) {
      const { row } = expected.find((v) => v.row.id === check.context.connectionId)!;
      const slot = slotAfterClaim({
        connectionId: row.id,
        intervalMinutes: row.config.intervalMinutes ?? Number.NaN,
        now: at,
        dueAt: row.next_check_at && new Date(row.next_check_at),
      });
      expect(check.nextSlotAt.getTime()).toBe(slot.getTime());
    }
  });
}
