/**
 * A few lines of HTTP for seeding: the demo goes through the public API with the tenant's key,
 * exactly as a user's script would, so it exercises validation, encryption and the SSRF allow
 * list instead of writing rows behind the server's back. (The server never imports the SDK.)
 */
export interface DemoPage<T> {
  data: T[];
  pagination: { hasMore: boolean; cursor: string | null };
}

export interface DemoApi {
  get<T>(path: string): Promise<T>;
  /** A list endpoint's page: the envelope's `data` with its `pagination`. */
  page<T>(path: string): Promise<DemoPage<T>>;
  post<T>(path: string, body: unknown): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
}

export class DemoApiError extends Error {
  override name = 'DemoApiError';
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

export function createDemoApi(options: {
  apiUrl: string;
  apiKey: string;
  fetch?: typeof fetch;
}): DemoApi {
  const doFetch = options.fetch ?? fetch;
  const base = `${options.apiUrl.replace(/\/+$/, '').replace(/\/api\/v1$/, '')}/api/v1`;
  type Envelope = {
    success?: boolean;
    data?: unknown;
    pagination?: DemoPage<unknown>['pagination'];
    error?: { code?: string; message?: string };
  };
  const call = async (method: string, path: string, body?: unknown): Promise<Envelope> => {
    const response = await doFetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${options.apiKey}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: Envelope = {};
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      // Fall through to the status check with an empty body.
    }
    if (!response.ok || parsed.success !== true) {
      throw new DemoApiError(
        `${method} ${path} failed: ${response.status} ${parsed.error?.code ?? ''} ${parsed.error?.message ?? ''}`.trim(),
        response.status,
        parsed.error?.code,
      );
    }
    return parsed;
  };
  return {
    get: async <T>(path: string) => (await call('GET', path)).data as T,
    page: async <T>(path: string) => {
      const envelope = await call('GET', path);
      return {
        data: (envelope.data ?? []) as T[],
        pagination: envelope.pagination ?? { hasMore: false, cursor: null },
      };
    },
    post: async <T>(path: string, body: unknown) => (await call('POST', path, body)).data as T,
    patch: async <T>(path: string, body: unknown) => (await call('PATCH', path, body)).data as T,
  };
}
