// Packs the published packages as npm would publish them (`pnpm pack` rewrites `workspace:`
// and `catalog:` into real ranges) into examples/.packs, under names without the version, so
// the examples' `file:` dependencies never change. Checks each tarball ships its LICENSE and
// no source.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const packsDir = join(repoRoot, 'examples/.packs');
export const PACKAGES = ['core', 'client', 'react'];

export function packAll({ build = true } = {}) {
  if (build) {
    const filters = PACKAGES.flatMap((name) => ['--filter', `@waygate/health-${name}`]);
    execFileSync('pnpm', [...filters, 'run', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  }
  rmSync(packsDir, { recursive: true, force: true });
  mkdirSync(packsDir, { recursive: true });
  for (const name of PACKAGES) {
    const before = new Set(readdirSync(packsDir));
    execFileSync('pnpm', ['pack', '--pack-destination', packsDir], {
      cwd: join(repoRoot, 'packages', name),
      stdio: 'ignore',
    });
    const created = readdirSync(packsDir).find((file) => !before.has(file));
    if (!created) throw new Error(`pnpm pack wrote nothing for ${name}`);
    const target = join(packsDir, `waygate-health-${name}.tgz`);
    renameSync(join(packsDir, created), target);
    const files = execFileSync('tar', ['tzf', target], { encoding: 'utf8' }).split('\n');
    if (!files.includes('package/LICENSE')) throw new Error(`${name}: LICENSE not packed`);
    if (files.some((file) => file.startsWith('package/src/'))) {
      throw new Error(`${name}: source files packed`);
    }
    const manifest = JSON.parse(
      execFileSync('tar', ['xzOf', target, 'package/package.json'], { encoding: 'utf8' }),
    );
    const specs = Object.values({ ...manifest.dependencies, ...manifest.peerDependencies });
    if (specs.some((spec) => /^(workspace|catalog):/.test(spec))) {
      throw new Error(`${name}: unresolved workspace/catalog range in the packed package.json`);
    }
  }
  return packsDir;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  packAll({ build: !process.argv.includes('--no-build') });
  console.log(`packed ${PACKAGES.join(', ')} into ${packsDir}`);
}
