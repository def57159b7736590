import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createLogger } from '../src/logger';
import { serveCommand } from '../src/serve-command';
import { TEST_CONFIG } from '../src/testing/test-server';

/** Starts `serve` on a new embedded data directory and returns the human-facing lines. */
async function firstStartLines(throwaway: boolean): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'waygate-first-start-'));
  const lines: string[] = [];
  try {
    const server = await serveCommand(
      { ...TEST_CONFIG, dataDir, databaseUrl: undefined, encryptionKey: undefined },
      {
        staticDir: null,
        logger: createLogger({ level: 'silent' }),
        print: (line) => lines.push(line),
        throwaway,
      },
    );
    expect(server.apiKey).toMatch(/^wgh_/);
    await server.close();
    return lines.join('\n');
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

it('a first start asks to back up the generated key and to keep the API key', async () => {
  const printed = await firstStartLines(false);
  expect(printed).toMatch(/Generated an encryption key .*back it up/);
  expect(printed).toMatch(/API key is shown only once/);
}, 60_000);

it('a throwaway start (serve --demo) asks for neither: the demo prints its own key last', async () => {
  const printed = await firstStartLines(true);
  expect(printed).not.toMatch(/back it up/);
  expect(printed).not.toMatch(/shown only once/);
}, 60_000);
