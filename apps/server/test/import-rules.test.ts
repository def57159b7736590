import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

// `pnpm lint` runs dependency-cruiser with the repository's .dependency-cruiser.cjs. These tests
// plant a small tree laid out like apps/server/src in a temporary directory, with one violation
// of each rule, and check that the same command with the same config fails on each of them (and
// passes on the clean tree): a rule that cannot fail would show up here.

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../../..');
const DEPCRUISE = join(ROOT, 'node_modules/.bin/depcruise');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');

/** A clean tree: routes → services → runner / db, type-only imports where the rules allow them. */
const CLEAN: Record<string, string> = {
  'app.ts': "import { itemRoutes } from './routes/items';\nexport const app = itemRoutes;\n",
  'cli.ts': "import { serve } from './serve-command';\nexport const main = serve;\n",
  'serve-command.ts': "import { app } from './app';\nexport const serve = () => app;\n",
  'errors.ts': 'export class AppError extends Error {}\n',
  'http/validation.ts':
    "import { AppError } from '../errors';\nexport const read = () => AppError;\n",
  'routes/items.ts': [
    "import type { Database } from '../db/database';",
    "import { read } from '../http/validation';",
    "import { listItems } from '../services/items';",
    'export const itemRoutes = (db: Database) => [read, listItems(db)];',
  ].join('\n'),
  'services/items.ts': [
    "import type { Database } from '../db/database';",
    "import { runCheck } from '../runner/check';",
    'export const listItems = (db: Database) => runCheck(db);',
  ].join('\n'),
  'runner/check.ts': [
    "import type { Database } from '../db/database';",
    'export const runCheck = (db: Database) => db;',
  ].join('\n'),
  'db/database.ts': 'export interface Database { kind: string }\n',
  'scheduler/scheduler.ts':
    "import { runCheck } from '../runner/check';\nexport const tick = runCheck;\n",
};

/** Each rule with a file that breaks it (added to the clean tree). */
const PLANTED: [rule: string, file: string, source: string][] = [
  [
    'lower-layers-stay-below',
    'runner/uses-service.ts',
    "import { listItems } from '../services/items';\nexport const x = listItems;\n",
  ],
  [
    'services-below-routes',
    'services/uses-route.ts',
    "import { itemRoutes } from '../routes/items';\nexport const x = itemRoutes;\n",
  ],
  [
    'routes-call-services',
    'routes/runs-check.ts',
    "import { runCheck } from '../runner/check';\nexport const x = runCheck;\n",
  ],
  [
    'http-layer-only-from-routes',
    'webhooks/reads-request.ts',
    "import { read } from '../http/validation';\nexport const x = read;\n",
  ],
  [
    'entry-points-are-not-libraries',
    'scheduler/uses-serve.ts',
    "import { serve } from '../serve-command';\nexport const x = serve;\n",
  ],
  ['no-circular', 'services/a.ts', "import { b } from './b';\nexport const a = () => b;\n"],
];
// The other half of the cycle.
const CYCLE_PARTNER = ['services/b.ts', "import { a } from './a';\nexport const b = () => a;\n"];

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

async function cruise(files: Record<string, string>): Promise<Violation[]> {
  const dir = mkdtempSync(join(tmpdir(), 'waygate-import-rules-'));
  try {
    for (const [path, source] of Object.entries(files)) {
      const file = join(dir, 'apps/server/src', path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, source);
    }
    // Exits non-zero when it finds violations; the JSON report is on stdout either way.
    const { stdout } = await run(
      DEPCRUISE,
      ['--config', CONFIG, '--output-type', 'json', 'apps/server/src'],
      { cwd: dir },
    ).catch((error: { stdout?: string; stderr?: string }) => {
      if (!error.stdout) throw new Error(`depcruise failed: ${error.stderr}`);
      return { stdout: error.stdout };
    });
    return (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary.violations;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('import rules (dependency-cruiser, as `pnpm lint` runs it)', () => {
  let clean: Violation[];
  let planted: Violation[];
  beforeAll(async () => {
    const all = { ...CLEAN, [CYCLE_PARTNER[0] as string]: CYCLE_PARTNER[1] as string };
    for (const [, file, source] of PLANTED) all[file] = source;
    [clean, planted] = await Promise.all([cruise(CLEAN), cruise(all)]);
  }, 120_000);

  it('passes a tree that keeps routes → services → runner / db', () => {
    expect(clean).toEqual([]);
  });

  it.each(PLANTED)('fails on a planted violation of %s (%s)', (rule, file) => {
    const hits = planted.filter((violation) => violation.rule.name === rule);
    expect(hits.map((violation) => violation.from)).toContain(`apps/server/src/${file}`);
  });
});
