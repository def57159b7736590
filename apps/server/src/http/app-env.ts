/** Hono variables set by middleware. `tenantId` is the tenant's uuid (database form). */
export interface AppEnv {
  Variables: {
    tenantId: string;
  };
}
