import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fromPublicId } from '../src/ids';
import { apiClient } from './support/api';
import { describeEachDatabase } from './support/databases';
import { setupConnection } from './support/fixtures';
import { startUpstream, type Upstream } from './support/upstream';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });

/** The badge's visible texts (label, value) as an SVG parser reads them. */
function badgeTexts(svg: string): { label: string; value: string; title: string } {
  expect(XMLValidator.validate(svg)).toBe(true);
  const doc = parser.parse(svg);
  const texts = (doc.svg.g[1].text as { '#text': unknown; 'aria-hidden'?: string }[]).filter(
    (t) => t['aria-hidden'] !== 'true',
  );
  return {
    label: String(texts[0]!['#text']),
    value: String(texts[1]!['#text']),
    title: String(doc.svg.title),
  };
}

let upstream: Upstream;
beforeAll(async () => {
  upstream = await startUpstream();
});
afterAll(async () => {
  await upstream.close();
});

describeEachDatabase('badges', ({ server }) => {
  /** A public request: no API key, a path as a README would embed it. */
  const fetchBadge = (url: string, headers: Record<string, string> = {}) =>
    server().app.request(new URL(url).pathname + new URL(url).search, { headers });

  async function tenantWithConnection(path = '/ok', name = 'Stripe prod') {
    const tenant = await server().createTenant();
    const api = apiClient(server, tenant.apiKey);
    const ids = await setupConnection(api, { baseUrl: upstream.url, path, name });
    return { ...tenant, api, ...ids };
  }

  it('creates a token whose badges show the name and status, nothing else', async () => {
    const t = await tenantWithConnection('/ok');
    const created = await t.api.post(`/connections/${t.connectionId}/badge-tokens`);
    expect(created.status, created.text).toBe(201);
    const data = created.body.data;
    expect(Object.keys(data).sort()).toEqual([
      'createdAt',
      'id',
      'statusUrl',
      'token',
      'uptimeUrl',
    ]);
    expect(data.id).toMatch(/^bdg_/);
    expect(data.token).toMatch(/^wgb_[A-Za-z0-9_-]{43}$/);
    expect(data.statusUrl).toBe(`http://localhost/badges/${data.token}/status.svg`);
    expect(data.uptimeUrl).toBe(`http://localhost/badges/${data.token}/uptime.svg`);

    // Before the first check.
    let response = await fetchBadge(data.statusUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(badgeTexts(await response.text())).toMatchObject({
      label: 'Stripe prod',
      value: 'not checked',
    });

    expect((await t.api.post(`/connections/${t.connectionId}/health-checks`)).status).toBe(201);
    response = await fetchBadge(data.statusUrl);
    const svg = await response.text();
    expect(badgeTexts(svg)).toEqual({
      label: 'Stripe prod',
      value: 'healthy',
      title: 'Stripe prod: healthy',
    });
    // Only the label and the value leave the server.
    for (const secret of [t.connectionId, t.integrationId, t.tenantId, upstream.url, data.token]) {
      expect(svg).not.toContain(secret);
      expect(svg).not.toContain(secret.replace(/^[a-z]+_/, ''));
    }

    const uptime = await fetchBadge(data.uptimeUrl);
    expect(uptime.status).toBe(200);
    expect(badgeTexts(await uptime.text())).toMatchObject({
      label: 'Stripe prod 24h',
      value: '100%',
    });
    const week = await fetchBadge(`${data.uptimeUrl}?window=7d`);
    expect(badgeTexts(await week.text()).label).toBe('Stripe prod 7d');
  });

  it('answers with an ETag, a short public Cache-Control and 304 on a match', async () => {
    const t = await tenantWithConnection('/fail', 'Flaky');
    const { body } = await t.api.post(`/connections/${t.connectionId}/badge-tokens`);
    const url = body.data.statusUrl as string;
    const first = await fetchBadge(url);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=60');
    expect(first.headers.get('content-security-policy')).toContain("default-src 'none'");
    const again = await fetchBadge(url, { 'if-none-match': etag! });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    // The status changes: so do the bytes and the ETag.
    expect((await t.api.post(`/connections/${t.connectionId}/health-checks`)).status).toBe(201);
    const changed = await fetchBadge(url, { 'if-none-match': etag! });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(badgeTexts(await changed.text()).value).toBe('unhealthy');
  });

  it('gives every unusable token the same "not found" badge (no existence leak)', async () => {
    const t = await tenantWithConnection();
    const revoked = (await t.api.post(`/connections/${t.connectionId}/badge-tokens`)).body.data;
    expect(
      (await t.api.delete(`/connections/${t.connectionId}/badge-tokens/${revoked.id}`)).status,
    ).toBe(204);
    const gone = await tenantWithConnection();
    const orphan = (await gone.api.post(`/connections/${gone.connectionId}/badge-tokens`)).body
      .data;
    expect((await gone.api.delete(`/connections/${gone.connectionId}`)).status).toBe(204);

    const answers = [];
    for (const path of [
      '/badges/nonsense/status.svg',
      `/badges/wgb_${'A'.repeat(43)}/status.svg`,
      `/badges/${revoked.token}/status.svg`,
      `/badges/${orphan.token}/status.svg`,
      `/badges/${revoked.token}/uptime.svg`,
      `/badges/${'x'.repeat(5000)}/uptime.svg?window=30d`,
    ]) {
      const response = await server().app.request(path);
      answers.push({
        status: response.status,
        type: response.headers.get('content-type'),
        cache: response.headers.get('cache-control'),
        etag: response.headers.get('etag'),
        body: await response.text(),
      });
    }
    expect(answers[0]!.status).toBe(404);
    expect(badgeTexts(answers[0]!.body)).toMatchObject({ label: 'badge', value: 'not found' });
    expect(answers[0]!.cache).toBe('no-store');
    for (const answer of answers) expect(answer).toEqual(answers[0]);
  });

  it('refuses a bad window with 400 naming the field', async () => {
    const t = await tenantWithConnection();
    const { body } = await t.api.post(`/connections/${t.connectionId}/badge-tokens`);
    for (const window of ['1y', '', '24h&x=1']) {
      const response = await fetchBadge(`${body.data.uptimeUrl}?window=${window}`);
      expect(response.status).toBe(400);
      const error = await response.json();
      expect(error.error.code).toBe('VALIDATION_ERROR');
    }
    const unknown = await fetchBadge(`${body.data.uptimeUrl}?window=24h&extra=1`);
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.details.field).toBe('extra');
  });

  it('stores tokens hashed and revokes them; other tenants can do neither', async () => {
    const t = await tenantWithConnection();
    const { body } = await t.api.post(`/connections/${t.connectionId}/badge-tokens`);
    const { rows } = await server().db.query<Record<string, unknown>>('SELECT * FROM badge_tokens');
    expect(JSON.stringify(rows)).not.toContain(body.data.token);
    expect(JSON.stringify(rows)).not.toContain(body.data.token.slice(4));

    const other = await tenantWithConnection();
    expect((await other.api.post(`/connections/${t.connectionId}/badge-tokens`)).status).toBe(404);
    expect(
      (await other.api.delete(`/connections/${t.connectionId}/badge-tokens/${body.data.id}`))
        .status,
    ).toBe(404);
    // Another connection's path, an unknown id, a malformed id.
    expect(
      (await t.api.delete(`/connections/${other.connectionId}/badge-tokens/${body.data.id}`))
        .status,
    ).toBe(404);
    for (const id of ['bdg_00000000000000000000000000', 'nope', body.data.token]) {
      expect((await t.api.delete(`/connections/${t.connectionId}/badge-tokens/${id}`)).status).toBe(
        404,
      );
    }
    expect((await fetchBadge(body.data.statusUrl)).status).toBe(200);
    expect(
      (await t.api.delete(`/connections/${t.connectionId}/badge-tokens/${body.data.id}`)).status,
    ).toBe(204);
    expect((await fetchBadge(body.data.statusUrl)).status).toBe(404);
    // Revoked twice: already gone.
    expect(
      (await t.api.delete(`/connections/${t.connectionId}/badge-tokens/${body.data.id}`)).status,
    ).toBe(404);
    // A body that is not the empty object is refused.
    const bad = await t.api.post(`/connections/${t.connectionId}/badge-tokens`, { label: 'x' });
    expect(bad.status).toBe(400);
    expect((await t.api.post('/connections/conn_nope/badge-tokens')).status).toBe(404);
    // Without an API key: 401.
    const anonymous = await server().app.request(
      `/api/v1/connections/${t.connectionId}/badge-tokens`,
      { method: 'POST' },
    );
    expect(anonymous.status).toBe(401);
  });

  it("an integration's badge shows its worst checked connection and all their checks' uptime", async () => {
    const tenant = await server().createTenant();
    const api = apiClient(server, tenant.apiKey);
    const ok = await setupConnection(api, { baseUrl: upstream.url, path: '/ok', name: 'a' });
    const created = await api.post(`/integrations/${ok.integrationId}/badge-tokens`);
    expect(created.status, created.text).toBe(201);
    const { statusUrl, uptimeUrl } = created.body.data;
    expect(badgeTexts(await (await fetchBadge(statusUrl)).text())).toMatchObject({
      label: 'Upstream',
      value: 'not checked',
    });
    // A second connection of the same integration, whose check fails.
    const failing = await api.post('/connections', {
      integrationId: ok.integrationId,
      name: 'b',
      credentials: { type: 'bearer', token: 'tok_test_123456' },
    });
    expect(failing.status, failing.text).toBe(201);
    expect((await api.post(`/connections/${ok.connectionId}/health-checks`)).status).toBe(201);
    expect(badgeTexts(await (await fetchBadge(statusUrl)).text()).value).toBe('healthy');
    // Its shared test action now fails (connection a keeps its healthy result).
    await server().db.query(`UPDATE actions SET path = '/fail' WHERE integration_id = $1`, [
      fromPublicId('integration', ok.integrationId),
    ]);
    expect((await api.post(`/connections/${failing.body.data.id}/health-checks`)).status).toBe(201);
    expect(badgeTexts(await (await fetchBadge(statusUrl)).text()).value).toBe('unhealthy');
    // One healthy and one unhealthy check across the integration: 50 %.
    expect(badgeTexts(await (await fetchBadge(uptimeUrl)).text()).value).toBe('50%');
    const revoke = await api.delete(
      `/integrations/${ok.integrationId}/badge-tokens/${created.body.data.id}`,
    );
    expect(revoke.status).toBe(204);
    expect((await fetchBadge(statusUrl)).status).toBe(404);
  });
});
