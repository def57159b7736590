import type { TestServer } from '../../src/testing/test-server';

// biome-ignore lint/suspicious/noExplicitAny: tests inspect response bodies ad hoc
export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

/** Calls the app in process (`app.request`) with a tenant key; bodies are JSON unless raw. */
export function apiClient(server: () => TestServer, apiKey?: string) {
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    init: { raw?: string; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse> => {
    const headers: Record<string, string> = { ...init.headers };
    if (apiKey) headers.authorization = `Bearer ${apiKey}`;
    let payload: string | undefined;
    if (init.raw !== undefined) payload = init.raw;
    else if (body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined) headers['content-type'] ??= 'application/json';
    const response = await server().app.request(`/api/v1${path}`, {
      method,
      headers,
      body: payload,
    });
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: response.status, body: parsed, headers: response.headers, text };
  };
  return {
    get: (path: string) => call('GET', path),
    post: (
      path: string,
      body?: unknown,
      init?: { raw?: string; headers?: Record<string, string> },
    ) => call('POST', path, body, init),
    patch: (
      path: string,
      body?: unknown,
      init?: { raw?: string; headers?: Record<string, string> },
    ) => call('PATCH', path, body, init),
    delete: (path: string) => call('DELETE', path),
    call,
  };
}
export type ApiClient = ReturnType<typeof apiClient>;
