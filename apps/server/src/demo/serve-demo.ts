import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { backfillDemoHistory } from './backfill-history';
import { startSandboxUpstream } from './sandbox-upstream';
import { DEMO_OUTBOUND_ALLOW, startDemo } from './start-demo';

export interface DemoServer {
  url: string;
  apiKey: string;
  close: () => Promise<void>;
}

export interface ServeDemoOptions {
  config: Config;
  /**
   * Starts the real server (what `serve` runs: API, scheduler, dashboard) with the config it is
   * given, and tells the API key of the tenant it created on the empty database.
   */
  serve: (config: Config) => Promise<{
    url: string;
    apiKey: string | null;
    /** The server's database: the demo backfills a week of history through it when given. */
    db?: Database;
    close: () => Promise<void>;
  }>;
  print?: (line: string) => void;
  /**
   * Keep `config.dataDir` instead of a fresh temporary one. The demo is throwaway by default:
   * a fresh embedded database each run, so the printed API key always works.
   */
  keepDataDir?: boolean;
}

/**
 * `waygate-health serve --demo`: the sandbox upstream on loopback (allow-listed for the SSRF
 * guard), the server on a fresh embedded database, and the demo tenant seeded into the default
 * tenant through the API. Prints the URL and the key; every state shows within a minute.
 */
export async function serveDemo(options: ServeDemoOptions): Promise<DemoServer> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const sandbox = await startSandboxUpstream();
  const temporaryDir =
    options.config.databaseUrl || options.keepDataDir
      ? null
      : mkdtempSync(join(tmpdir(), 'waygate-health-demo-'));
  const cleanup: (() => Promise<void>)[] = [
    async () => {
      if (temporaryDir) rmSync(temporaryDir, { recursive: true, force: true });
    },
    () => sandbox.stop(),
  ];
  const close = async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  };
  try {
    // A cron secret lets the demo run the first sweep right after seeding instead of waiting
    // for the scheduler's next tick.
    const cronSecret = options.config.cronSecret ?? randomBytes(24).toString('hex');
    const config: Config = {
      ...options.config,
      cronSecret,
      ...(temporaryDir ? { dataDir: temporaryDir } : {}),
      outboundAllow: [options.config.outboundAllow, ...DEMO_OUTBOUND_ALLOW]
        .filter((entry) => entry && entry.length > 0)
        .join(','),
    };
    const server = await options.serve(config);
    cleanup.push(() => server.close());
    if (!server.apiKey) {
      throw new Error(
        'serve --demo needs an empty database to create the demo tenant: unset DATABASE_URL (the demo then uses a temporary embedded database) or point it at an empty one.',
      );
    }
    const demo = await startDemo({
      apiUrl: server.url,
      apiKey: server.apiKey,
      sandbox,
      log: print,
    });
    cleanup.push(() => demo.stop());
    // A week of past checks before the first live one, so the charts and bars are full at first
    // glance and the live checks continue the history instead of preceding it.
    if (server.db) {
      const started = Date.now();
      const history = await backfillDemoHistory(server.db, {
        connections: demo.seeded.connections,
        checkTimeoutMs: config.checkTimeoutMs,
      });
      print(
        `Demo history: ${history.checks} checks over the past 7 days backfilled in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
      );
    }
    const apiKey = server.apiKey;
    // Printed last, after the start-up log lines, so the two things a user needs are the
    // bottom of the terminal. The data is throwaway (a temporary database), so there is no key
    // to keep safe: say so instead of asking to back it up.
    const announce = (firstChecksDone: boolean) => {
      print('');
      if (firstChecksDone) print('First checks done: every state is on the dashboard now.');
      print('Waygate Health demo: throwaway data in a temporary database, gone when you stop it.');
      print(`  Open      ${server.url}`);
      print('  API key (sign in with it):');
      print(`  ${apiKey}`);
      print('Connections are checked every minute. Ctrl-C stops the demo.');
    };
    // Wait a little for the first sweep (its log lines then come before the key), but never
    // long: a check of the demo's hanging upstream takes the whole check timeout.
    const sweep = firstSweep(server.url, cronSecret);
    void Promise.race([sweep, delay(ANNOUNCE_WAIT_MS).then(() => null)]).then((ok) => {
      announce(ok === true);
      if (ok === null) {
        void sweep.then(
          (done) => done && print('First checks done: every state is on the dashboard now.'),
        );
      }
    });
    return { url: server.url, apiKey: server.apiKey, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** How long the closing lines wait for the first sweep before they are printed anyway. */
const ANNOUNCE_WAIT_MS = 4_000;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs one sweep now through the cron endpoint; false when the server has no sweep wired. */
async function firstSweep(url: string, cronSecret: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/api/v1/internal/health-checks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${cronSecret}` },
    });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}
