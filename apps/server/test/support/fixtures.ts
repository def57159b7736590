import {
  emptySweepSummary as coreEmptySweepSummary,
  type SweepSummary,
} from '@waygate/health-core';
import { expect } from 'vitest';
import type { ApiClient } from './api';

/** Creates integration → action → connection through the API and returns their ids. */
export async function setupConnection(
  api: ApiClient,
  options: {
    baseUrl: string;
    path?: string;
    authType?: 'bearer' | 'api_key' | 'basic' | 'oauth2' | 'none';
    credentials?: Record<string, unknown> | null;
    name?: string;
    apiKeyPlacement?: { in: 'header' | 'query'; name: string };
  },
) {
  const authType = options.authType ?? 'bearer';
  const integration = await api.post('/integrations', {
    name: 'Upstream',
    baseUrl: options.baseUrl,
    authType,
    ...(options.apiKeyPlacement ? { apiKeyPlacement: options.apiKeyPlacement } : {}),
  });
  expect(integration.status, integration.text).toBe(201);
  const action = await api.post(`/integrations/${integration.body.data.id}/actions`, {
    name: 'Probe',
    method: 'GET',
    path: options.path ?? '/ok',
    tags: ['health-check'],
  });
  expect(action.status, action.text).toBe(201);
  const credentials =
    options.credentials === null
      ? undefined
      : (options.credentials ??
        (authType === 'none' ? undefined : { type: 'bearer', token: 'tok_test_123456' }));
  const connection = await api.post('/connections', {
    integrationId: integration.body.data.id,
    name: options.name ?? 'Production',
    ...(credentials ? { credentials } : {}),
  });
  expect(connection.status, connection.text).toBe(201);
  return {
    integrationId: integration.body.data.id as string,
    actionId: action.body.data.id as string,
    connectionId: connection.body.data.id as string,
  };
}

/** A sweep that did nothing, for apps whose cron route is wired to a stand-in sweep. */
export function emptySweepSummary(patch: Partial<SweepSummary> = {}): SweepSummary {
  return { ...coreEmptySweepSummary('test'), ...patch };
}
