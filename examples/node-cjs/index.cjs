// Lists every connection with its status, with the SDK from CommonJS (require).
// WAYGATE_URL, WAYGATE_API_KEY: your server and tenant key.
// `/unvalidated`: the same client and errors without zod (the main entry validates every answer).
const { createHealthClient, NetworkError } = require('@waygate/health-client/unvalidated');

async function main() {
  const health = createHealthClient({
    baseUrl: process.env.WAYGATE_URL || 'http://localhost:3000',
    apiKey: process.env.WAYGATE_API_KEY || '',
  });
  let count = 0;
  // iterate() follows the cursor page after page.
  for await (const connection of health.connections.iterate({ limit: 50 })) {
    const status = connection.lastHealthCheckAt ? connection.healthStatus : 'not checked';
    console.log(`${connection.name}: ${status}`);
    count += 1;
  }
  console.log(`${count} connection(s)`);
}

main().catch((error) => {
  console.error(error instanceof NetworkError ? `server unreachable: ${error.message}` : error);
  process.exit(1);
});
