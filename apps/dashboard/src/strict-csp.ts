// The dashboard runs under a Content-Security-Policy without 'unsafe-eval' (apps/server README
// "Security"). zod compiles fast object parsers with `new Function` unless `jitless` is set, and
// its probe for eval support is reported as a CSP violation even though zod catches the refusal.
// zod reads its global configuration from `globalThis.__zod_globalConfig` (shared by every copy
// of zod) when a schema is built, so this must run before any schema module: main.tsx imports it
// first. The CSP e2e test fails if a violation comes back.
const scope = globalThis as { __zod_globalConfig?: { jitless?: boolean } };
scope.__zod_globalConfig ??= {};
scope.__zod_globalConfig.jitless = true;

export {};
