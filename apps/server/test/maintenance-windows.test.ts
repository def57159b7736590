import { MaintenanceWindow } from '@waygate/health-core';
import { afterAll, expect, it } from 'vitest';
import { fromPublicId } from '../src/ids';
import { flagMaintenance } from '../src/notifications/maintenance/maintenance-calendar';
import { tenantApi } from '../src/webhooks/test-support/webhook-harness';
import type { ApiClient } from './support/api';
import { describeEachDatabase } from './support/databases';
import { startUpstream } from './support/upstream';

const upstream = await startUpstream();
afterAll(() => upstream.close());

describeEachDatabase(
  'maintenance windows',
  ({ server }) => {
    /** A connection whose test action switches between /ok and /fail, and a Slack channel. */
    async function setup(api: ApiClient) {
      const integration = await api.post('/integrations', {
        name: 'Billing',
        baseUrl: upstream.url,
        authType: 'none',
      });
      const integrationId = integration.body.data.id as string;
      const action = async (path: string) =>
        (
          await api.post(`/integrations/${integrationId}/actions`, {
            name: path,
            method: 'GET',
            path,
          })
        ).body.data.id as string;
      const ok = await action('/ok');
      const fail = await action('/fail');
      const connection = await api.post('/connections', { integrationId, name: 'Production' });
      const connectionId = connection.body.data.id as string;
      const channel = await api.post('/notification-channels', {
        type: 'slack',
        name: 'Ops',
        config: { webhookUrl: `${upstream.url}/ok` },
      });
      expect(channel.status, channel.text).toBe(201);
      const check = async (to: 'ok' | 'fail') => {
        await api.patch(`/connections/${connectionId}`, {
          healthCheckTestActionId: to === 'ok' ? ok : fail,
        });
        const result = await api.post(`/connections/${connectionId}/health-checks`);
        expect(result.status, result.text).toBe(201);
        return result.body.data;
      };
      const events = async () =>
        (await api.get(`/health-events?connectionId=${connectionId}&limit=100`)).body.data.map(
          (e: { toStatus: string }) => e.toStatus,
        );
      const queued = async () =>
        (
          await server().db.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM notification_queue WHERE channel_id = $1',
            [fromPublicId('notificationChannel', channel.body.data.id)],
          )
        ).rows[0]!.n;
      const flags = async () =>
        (
          await server().db.query<{ in_maintenance: boolean }>(
            'SELECT in_maintenance FROM health_checks WHERE connection_id = $1 ORDER BY created_at',
            [fromPublicId('connection', connectionId)],
          )
        ).rows.map((r) => r.in_maintenance);
      return { integrationId, connectionId, check, events, queued, flags };
    }

    it('creates, lists, updates and deletes one-off and recurring windows', async () => {
      const { api } = await tenantApi(server);
      const { integrationId, connectionId } = await setup(api);
      const oneOff = await api.post('/maintenance-windows', {
        name: 'Migration',
        startsAt: '2030-01-01T10:00:00Z',
        endsAt: '2030-01-01T12:00:00Z',
        scope: { connectionIds: [connectionId] },
      });
      expect(oneOff.status, oneOff.text).toBe(201);
      expect(MaintenanceWindow.parse(oneOff.body.data)).toMatchObject({
        active: false,
        rrule: null,
        nextOccurrence: {
          startsAt: '2030-01-01T10:00:00.000Z',
          endsAt: '2030-01-01T12:00:00.000Z',
        },
        scope: { connectionIds: [connectionId], integrationIds: [] },
      });
      const weekly = await api.post('/maintenance-windows', {
        name: 'Sunday deploys',
        rrule: 'RRULE:FREQ=WEEKLY;BYDAY=SU;BYHOUR=4;BYMINUTE=0',
        durationMinutes: 60,
        timeZone: 'Europe/Berlin',
        startsAt: '2026-10-01T00:00:00Z',
        scope: { integrationIds: [integrationId] },
      });
      expect(weekly.status, weekly.text).toBe(201);
      expect(weekly.body.data.rrule).toBe('FREQ=WEEKLY;BYDAY=SU;BYHOUR=4;BYMINUTE=0');
      const next = weekly.body.data.nextOccurrence;
      expect(new Date(next.startsAt).getUTCDay()).toBe(0);
      expect(Date.parse(next.endsAt) - Date.parse(next.startsAt)).toBe(3_600_000);

      const list = await api.get('/maintenance-windows');
      expect(list.body.data.map((w: { name: string }) => w.name)).toEqual([
        'Sunday deploys',
        'Migration',
      ]);
      const patched = await api.patch(`/maintenance-windows/${oneOff.body.data.id}`, {
        endsAt: null,
        startsAt: null,
        rrule: 'FREQ=DAILY;BYHOUR=1',
        durationMinutes: 30,
        timeZone: 'UTC',
      });
      expect(patched.status, patched.text).toBe(200);
      expect(patched.body.data).toMatchObject({ rrule: 'FREQ=DAILY;BYHOUR=1', endsAt: null });
      expect((await api.delete(`/maintenance-windows/${oneOff.body.data.id}`)).status).toBe(204);
      expect((await api.get(`/maintenance-windows/${oneOff.body.data.id}`)).status).toBe(404);
    });

    it('refuses bad windows with 400 and the field at fault', async () => {
      const { api } = await tenantApi(server);
      const other = await tenantApi(server);
      const foreign = await setup(other.api);
      const cases: [unknown, string][] = [
        [{ name: 'x', startsAt: '2030-01-01T10:00:00Z' }, 'endsAt'],
        [{ name: 'x', startsAt: '2030-01-01T10:00:00Z', endsAt: '2030-01-01T09:00:00Z' }, 'endsAt'],
        [{ name: 'x', startsAt: 'tomorrow', endsAt: '2030-01-01T09:00:00Z' }, 'startsAt'],
        [{ name: 'x', rrule: 'FREQ=WEEKLY', timeZone: 'UTC' }, 'durationMinutes'],
        [{ name: 'x', rrule: 'FREQ=WEEKLY', durationMinutes: 5 }, 'timeZone'],
        [
          { name: 'x', rrule: 'FREQ=WEEKLY', durationMinutes: 5, timeZone: 'Mars/Olympus' },
          'timeZone',
        ],
        [{ name: 'x', rrule: 'FREQ=SOMETIMES', durationMinutes: 5, timeZone: 'UTC' }, 'rrule'],
        [{ name: 'x', rrule: 'FREQ=MINUTELY', durationMinutes: 5, timeZone: 'UTC' }, 'rrule'],
        [
          {
            name: 'x',
            rrule: 'DTSTART:20260101T000000Z;FREQ=DAILY',
            durationMinutes: 5,
            timeZone: 'UTC',
          },
          'rrule',
        ],
        [
          { name: 'x', rrule: 'FREQ=DAILY', durationMinutes: 0, timeZone: 'UTC' },
          'durationMinutes',
        ],
        [
          {
            name: 'x',
            startsAt: '2030-01-01T10:00:00Z',
            endsAt: '2030-01-01T12:00:00Z',
            scope: { connectionIds: [foreign.connectionId] },
          },
          'scope.connectionIds.0',
        ],
        [
          {
            name: 'x',
            startsAt: '2030-01-01T10:00:00Z',
            endsAt: '2030-01-01T12:00:00Z',
            scope: { integrationIds: ['int_nope'] },
          },
          'scope.integrationIds.0',
        ],
      ];
      for (const [body, field] of cases) {
        const response = await api.post('/maintenance-windows', body);
        expect(response.status, `${JSON.stringify(body)} → ${response.text}`).toBe(400);
        expect(response.body.error).toMatchObject({ code: 'VALIDATION_ERROR', details: { field } });
      }
      const ok = await api.post('/maintenance-windows', {
        name: 'ok',
        startsAt: '2030-01-01T10:00:00Z',
        endsAt: '2030-01-01T12:00:00Z',
      });
      const bad = await api.patch(`/maintenance-windows/${ok.body.data.id}`, { endsAt: null });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.field).toBe('endsAt');
      expect((await other.api.get(`/maintenance-windows/${ok.body.data.id}`)).status).toBe(404);
      const { rows } = await server().db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM maintenance_windows WHERE name = 'x'`,
      );
      expect(rows[0]!.n).toBe(0);
    });

    it('flags checks in a window, leaves them out of uptime, events and notifications', async () => {
      const { api } = await tenantApi(server);
      const c = await setup(api);
      expect((await c.check('ok')).status).toBe('healthy');
      const window = await api.post('/maintenance-windows', {
        name: 'Now',
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        scope: { connectionIds: [c.connectionId] },
      });
      expect(window.body.data.active).toBe(true);
      // Checks still run and are stored, with the flag and their real status.
      const failing = await c.check('fail');
      expect(failing.status).toBe('unhealthy');
      await c.check('fail');
      expect(await c.flags()).toEqual([false, true, true]);
      expect(await c.events()).toEqual(['healthy']);
      expect(await c.queued()).toBe(0);
      const uptime = await api.get(`/connections/${c.connectionId}/uptime`);
      expect(uptime.body.data).toMatchObject({ uptimePercent: 100, totalChecks: 1, unhealthy: 0 });
      // Reads say so: the connection, the summary's count, each check.
      expect((await api.get(`/connections/${c.connectionId}`)).body.data.inMaintenance).toBe(true);
      const listed = await api.get('/connections');
      expect(listed.body.data.map((x: { inMaintenance: boolean }) => x.inMaintenance)).toEqual([
        true,
      ]);
      expect((await api.get('/health-checks/summary')).body.data.inMaintenance).toBe(1);
      const badge = await api.post(`/connections/${c.connectionId}/badge-tokens`);
      expect(badge.status, badge.text).toBe(201);
      const svg = async () =>
        (await server().app.request(`/badges/${badge.body.data.token}/status.svg`)).text();
      expect(await svg()).toContain('maintenance');
      const history = await api.get(`/connections/${c.connectionId}/health-checks`);
      expect(
        history.body.data.map((h: { inMaintenance?: boolean }) => h.inMaintenance ?? false),
      ).toEqual([true, true, false]);
      expect(failing.inMaintenance).toBe(true);

      // The window ends (deleted here): the next check announces what still holds.
      await api.delete(`/maintenance-windows/${window.body.data.id}`);
      expect((await api.get(`/connections/${c.connectionId}`)).body.data.inMaintenance).toBe(false);
      expect((await api.get('/health-checks/summary')).body.data.inMaintenance).toBe(0);
      expect(await svg()).not.toContain('maintenance');
      await c.check('fail');
      expect(await c.flags()).toEqual([false, true, true, false]);
      expect(await c.events()).toEqual(['unhealthy', 'healthy']);
      expect(await c.queued()).toBe(1);
    });

    it('applies a recurring window by scope, and decides instants across a DST change', async () => {
      const { api, tenantId } = await tenantApi(server);
      const c = await setup(api);
      const always = await api.post('/maintenance-windows', {
        name: 'Every hour, all hour',
        rrule: 'FREQ=HOURLY',
        durationMinutes: 60,
        timeZone: 'UTC',
        scope: { integrationIds: [c.integrationId] },
      });
      expect(always.body.data.active).toBe(true);
      await c.check('fail');
      expect(await c.flags()).toEqual([true]);
      expect(await c.events()).toEqual([]);
      await api.delete(`/maintenance-windows/${always.body.data.id}`);

      await api.post('/maintenance-windows', {
        name: 'Sunday 04:00 Berlin',
        rrule: 'FREQ=WEEKLY;BYDAY=SU;BYHOUR=4',
        durationMinutes: 60,
        timeZone: 'Europe/Berlin',
        startsAt: '2026-10-01T00:00:00Z',
      });
      const tenant = fromPublicId('tenant', tenantId)!;
      const connection = fromPublicId('connection', c.connectionId)!;
      const outcome = (createdAt: string) => ({
        tenantId: tenant,
        connectionId: connection,
        check: { createdAt },
      });
      const flagged = await flagMaintenance(server().db, [
        outcome('2026-10-18T02:30:00.000Z'), // 04:30 CEST: in
        outcome('2026-10-25T02:30:00.000Z'), // 03:30 CET (clocks went back at 01:00 UTC): out
        outcome('2026-10-25T03:30:00.000Z'), // 04:30 CET: in
        outcome('2026-11-01T02:30:00.000Z'), // 03:30 CET: out
      ]);
      expect(flagged.map((o) => o.inMaintenance ?? false)).toEqual([true, false, true, false]);
    });
  },
  () => ({ config: { manualCheckLimit: 10_000, outboundAllow: '127.0.0.1,::1' } }),
);
