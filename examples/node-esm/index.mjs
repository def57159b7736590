// Sets up one monitored API and runs a manual check, with the SDK from an ES module.
// WAYGATE_URL, WAYGATE_API_KEY: your server and tenant key. UPSTREAM_URL: the API to watch.
import { createHealthClient, HealthApiError } from '@waygate/health-client';

const health = createHealthClient({
  baseUrl: process.env.WAYGATE_URL ?? 'http://localhost:3000',
  apiKey: process.env.WAYGATE_API_KEY ?? '',
});

try {
  const integration = await health.integrations.create({
    name: 'Example API',
    baseUrl: process.env.UPSTREAM_URL ?? 'https://api.example.com',
    authType: 'bearer',
  });
  await health.actions.create(integration.id, {
    name: 'Ping',
    method: 'GET',
    path: '/ping',
    tags: ['health-check'],
  });
  const connection = await health.connections.create({
    integrationId: integration.id,
    name: 'Example customer',
    credentials: { type: 'bearer', token: 'example-token' },
  });
  // Waits for the server to run the check (up to 30 s: longer than its check timeout).
  const check = await health.healthChecks.trigger(connection.id);
  console.log(`check ${check.status} in ${check.latencyMs} ms`);
  const summary = await health.summary();
  console.log(`${summary.totalConnections} connection(s), ${summary.healthy} healthy`);
  console.log(`connection ${connection.id}`);
} catch (error) {
  if (error instanceof HealthApiError) console.error(`${error.code}: ${error.message}`);
  else console.error(error);
  process.exit(1);
}
