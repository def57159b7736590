import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fromPublicId } from '../src/ids';
import { createLogger } from '../src/logger';
import { executeCheck } from '../src/runner/execute-check';
import { recordChecks } from '../src/runner/record-checks';
import { type PipelineOptions, runSweep } from '../src/scheduler/check-pipeline';
import { claimDueConnections } from '../src/scheduler/claim-due';
import type { TestServer } from '../src/testing/test-server';
import { type ApiClient, apiClient } from './support/api';
import { describeEachDatabase } from './support/databases';
import { setupConnection } from './support/fixtures';
import { startUpstream, type Upstream } from './support/upstream';

const MINUTE = 60_000;
const START = new Date('2026-03-02T09:00:00Z');
let clock = START.getTime();
const now = () => new Date(clock);

let upstream: Upstream;
beforeAll(async () => {
  upstream = await startUpstream();
});
afterAll(async () => {
  await upstream.close();
});

function sweeper(server: TestServer, owner = `replica-${randomBytes(3).toString('hex')}`) {
  const deps = {
    db: server.db,
    cipher: server.deps.cipher,
    prober: server.deps.prober,
    logger: createLogger({ level: 'silent' }),
    now,
  };
  return (options: Partial<PipelineOptions> = {}) =>
    runSweep(deps, { owner, concurrency: 20, checkTimeoutMs: 2000, ...options });
}

async function checksOf(server: TestServer, connectionId: string) {
  const { rows } = await server.db.query<{ created_at: Date; check_type: number }>(
    'SELECT created_at, check_type FROM health_checks WHERE connection_id = $1 ORDER BY created_at',
    [fromPublicId('connection', connectionId)],
  );
  return rows.map((r) => ({ at: new Date(r.created_at).getTime(), manual: r.check_type === 1 }));
}

describeEachDatabase(
  'scheduled sweeps',
  ({ server }) => {
    let api: ApiClient;
    beforeAll(async () => {
      const tenant = await server().createTenant();
      api = apiClient(server, tenant.apiKey);
    });

    it('checks a new connection at once and skips what is not due, with reasons', async () => {
      clock = START.getTime();
      const due = await setupConnection(api, { baseUrl: upstream.url });
      const draft = await setupConnection(api, { baseUrl: upstream.url });
      await api.patch(`/integrations/${draft.integrationId}`, { status: 'draft' });
      const disabledConfig = await setupConnection(api, { baseUrl: upstream.url });
      await api.patch(`/integrations/${disabledConfig.integrationId}`, {
        healthCheckConfig: { enabled: false },
      });
      const disabledConnection = await setupConnection(api, { baseUrl: upstream.url });
      await api.patch(`/connections/${disabledConnection.connectionId}`, { status: 'disabled' });
      const manual = await setupConnection(api, { baseUrl: upstream.url });
      clock -= 2 * MINUTE;
      expect((await api.post(`/connections/${manual.connectionId}/health-checks`)).status).toBe(
        201,
      );
      clock += 2 * MINUTE;

      upstream.reset();
      const summary = await sweeper(server())();

      expect(await checksOf(server(), due.connectionId)).toHaveLength(1);
      for (const skipped of [draft, disabledConfig, disabledConnection]) {
        expect(await checksOf(server(), skipped.connectionId)).toHaveLength(0);
      }
      expect((await checksOf(server(), manual.connectionId)).filter((c) => !c.manual)).toHaveLength(
        0,
      );
      expect(summary.skipped).toMatchObject({
        integration_draft: 1,
        checks_disabled: 1,
        recent_manual_check: 1,
      });
      expect(summary.checked).toBeGreaterThanOrEqual(1);
      expect(summary.outboundCalls).toBe(upstream.count());

      // Interval not elapsed: a second sweep a minute later checks nothing of these.
      clock += MINUTE;
      const again = await sweeper(server())();
      expect(await checksOf(server(), due.connectionId)).toHaveLength(1);
      expect(again.claimed).toBe(0);

      // Five minutes after the manual check it is checked by the schedule again.
      clock += 3 * MINUTE;
      await sweeper(server())();
      expect((await checksOf(server(), manual.connectionId)).filter((c) => !c.manual)).toHaveLength(
        1,
      );
    });

    it('three replicas over an hour of ticks check each connection exactly once per slot', async () => {
      clock = START.getTime() + 10 * 24 * 60 * MINUTE;
      const ids: string[] = [];
      for (let i = 0; i < 12; i += 1) {
        ids.push((await setupConnection(api, { baseUrl: upstream.url })).connectionId);
      }
      const replicas = [sweeper(server()), sweeper(server()), sweeper(server())];
      const first = clock;
      const end = first + 60 * MINUTE;
      const nextSlot = new Map<string, number>();
      for (; clock <= end; clock += MINUTE) {
        await Promise.all(replicas.map((sweep) => sweep()));
        if (clock === first) {
          const { rows } = await server().db.query<{ id: string; next_check_at: Date }>(
            'SELECT id, next_check_at FROM connections WHERE id = ANY($1::uuid[])',
            [ids.map((id) => fromPublicId('connection', id)!)],
          );
          for (const r of rows) nextSlot.set(r.id, new Date(r.next_check_at).getTime());
        }
      }
      const interval = 15 * MINUTE;
      for (const id of ids) {
        const checks = (await checksOf(server(), id)).filter((c) => c.at >= first);
        const slot = nextSlot.get(fromPublicId('connection', id)!)!;
        // The first check happens at once, then one per slot (phase + k × interval) reached.
        expect(slot - first).toBeGreaterThanOrEqual(interval / 2);
        expect(slot - first).toBeLessThanOrEqual(interval * 1.5);
        const slotsReached = slot <= end ? Math.floor((end - slot) / interval) + 1 : 0;
        expect(checks).toHaveLength(1 + slotsReached);
        for (let k = 1; k < checks.length; k += 1) {
          // Each scheduled check lands in the first tick at or after its slot.
          const expectedSlot = slot + (k - 1) * interval;
          expect(checks[k]!.at).toBeGreaterThanOrEqual(expectedSlot);
          expect(checks[k]!.at - expectedSlot).toBeLessThan(MINUTE);
        }
      }
    });

    it('re-checks the connections of a replica that died mid-sweep once its lease expires', async () => {
      clock = START.getTime() + 20 * 24 * 60 * MINUTE;
      const { connectionId } = await setupConnection(api, { baseUrl: upstream.url });
      // The dead replica claimed everything due and never wrote a result.
      const claimed = await claimDueConnections(server().db, {
        owner: 'dead',
        now: now(),
        limit: 1000,
      });
      expect(claimed.map((c) => c.context.connectionId)).toContain(
        fromPublicId('connection', connectionId),
      );

      clock += MINUTE;
      const during = await sweeper(server())();
      expect(during.claimed).toBe(0);

      clock += MINUTE + 1000;
      const after = await sweeper(server())();
      expect(after.claimed).toBeGreaterThanOrEqual(1);
      expect(await checksOf(server(), connectionId)).toHaveLength(1);
    });

    it('fences out a late write from a lost lease: the newer result stands', async () => {
      clock = START.getTime() + 30 * 24 * 60 * MINUTE;
      const { connectionId } = await setupConnection(api, { baseUrl: upstream.url, path: '/fail' });
      const uuid = fromPublicId('connection', connectionId)!;
      // Replica "slow" claims and checks, then stalls past its lease before writing.
      const claimed = await claimDueConnections(server().db, {
        owner: 'slow',
        now: now(),
        limit: 1000,
      });
      const { context } = claimed.find((c) => c.context.connectionId === uuid)!;
      const lateOutcome = await executeCheck(context, 'scheduled', {
        cipher: server().deps.cipher,
        prober: server().deps.prober,
        now,
      });
      clock += 2 * MINUTE + 1000;
      const fast = await sweeper(server(), 'fast')();
      expect(fast.checked).toBeGreaterThanOrEqual(1);
      const [fastCheck] = await checksOf(server(), connectionId);

      const late = await recordChecks(server().db, [lateOutcome], { leaseOwner: 'slow' });
      expect(late.written).toHaveLength(0);
      expect(late.fenced).toHaveLength(1);
      const stored = await checksOf(server(), connectionId);
      expect(stored).toEqual([fastCheck]);
      const { rows } = await server().db.query<{ last_health_check_id: string }>(
        'SELECT last_health_check_id FROM connections WHERE id = $1',
        [uuid],
      );
      expect(rows[0]!.last_health_check_id).not.toBe(lateOutcome.checkUuid);
    });
  },
  () => ({ now }),
);
