/**
 * Run by probe-pool.test.ts as `tsx --conditions=@waygate/source probe-pool-child.ts <url>`, the way the
 * benches run the server from source: a pool of two workers probes `<url>` four times and
 * prints the results and where they ran as one JSON line.
 */
import { isMainThread } from 'node:worker_threads';
import { parseAllowList } from '../allow-list';
import { createProbePool, probePoolInternals } from '../probe-pool';

const [url = ''] = process.argv.slice(2);
const pool = createProbePool({ allowList: parseAllowList('127.0.0.1'), workers: 2 });
const internals = probePoolInternals(pool);
const results = await Promise.all(
  [1, 2, 3, 4].map(() => pool.probe({ url, method: 'GET', headers: {} })),
);
const threadIds = internals?.workers().map((worker) => worker.threadId);
const dispatched = internals?.dispatched();
const onMainThread = internals?.onMainThread();
await pool.close();
process.stdout.write(
  `${JSON.stringify({ isMainThread, results, threadIds, dispatched, onMainThread })}\n`,
);
