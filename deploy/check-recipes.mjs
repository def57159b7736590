#!/usr/bin/env node
// Checks the container and cluster recipes without building an image (no Docker daemon runs on
// CI machines): the Dockerfile with dockerfile-utils (the linter of VS Code's Docker extension,
// from npm), every Kubernetes manifest against the Kubernetes OpenAPI schemas with
// kubernetes-models (npm), then the rules these recipes promise (docs/deploy.md). yamllint
// (Debian's package) checks the YAML itself in .ci/run.
//   node deploy/check-recipes.mjs [deploy-dir]   → one line per problem, exit 1 if any.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validate as validateDockerfile } from 'dockerfile-utils';
import { parseAllDocuments } from 'yaml';

const MODELS = {
  'v1/Secret': ['kubernetes-models/v1', 'Secret'],
  'v1/Service': ['kubernetes-models/v1', 'Service'],
  'apps/v1/Deployment': ['kubernetes-models/apps/v1', 'Deployment'],
  'batch/v1/CronJob': ['kubernetes-models/batch/v1', 'CronJob'],
};

/** Problems of the Dockerfile: the linter's errors and warnings, then our rules. */
export function checkDockerfile(text) {
  const problems = validateDockerfile(text).map(
    (d) => `Dockerfile:${d.range.start.line + 1}: ${d.message}`,
  );
  const lines = text.split('\n').filter((l) => !l.trimStart().startsWith('#'));
  const instructions = lines.join('\n').replace(/\\\n/g, ' ');
  const all = (name) => [...instructions.matchAll(new RegExp(`^${name}\\s+(.*)$`, 'gim'))];
  if (all('FROM').length < 2) problems.push('Dockerfile: not multi-stage (build and runtime)');
  if (!/pnpm\b.*\bdeploy\b.*--prod/.test(instructions)) {
    problems.push('Dockerfile: the runtime must come from `pnpm deploy --prod`');
  }
  const users = all('USER');
  const user = users.at(-1)?.[1].trim().split(':')[0];
  if (!user || !/^\d+$/.test(user) || user === '0') {
    problems.push('Dockerfile: the last USER must be a numeric non-root uid (runAsNonRoot)');
  }
  const health = all('HEALTHCHECK').at(-1)?.[1] ?? '';
  if (!health.includes('/healthz')) problems.push('Dockerfile: no HEALTHCHECK on /healthz');
  const volume = all('VOLUME').at(-1)?.[1] ?? '';
  const dataDir = /WAYGATE_DATA_DIR=(\S+)/.exec(instructions)?.[1];
  if (!dataDir || !volume.includes(dataDir)) {
    problems.push('Dockerfile: WAYGATE_DATA_DIR must be a VOLUME');
  }
  return problems;
}

/** Problems of the manifests (file name → text): schema errors, then our rules. */
export async function checkManifests(files) {
  const problems = [];
  const objects = [];
  for (const [file, text] of Object.entries(files)) {
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length > 0) {
        problems.push(`${file}: ${doc.errors[0].message}`);
        continue;
      }
      const object = doc.toJS();
      if (!object) continue;
      if (object.kind === 'Kustomization') {
        for (const resource of object.resources ?? []) {
          if (!(resource in files)) problems.push(`${file}: resource ${resource} is missing`);
        }
        continue;
      }
      const model = MODELS[`${object.apiVersion}/${object.kind}`];
      if (!model) {
        problems.push(`${file}: unexpected ${object.apiVersion} ${object.kind}`);
        continue;
      }
      const module = await import(model[0]);
      try {
        new module[model[1]](object).validate();
      } catch (error) {
        problems.push(`${file}: ${object.kind} ${error.message}`);
      }
      objects.push({ file, object });
    }
  }
  const byKind = (kind) => objects.filter((o) => o.object.kind === kind);
  const secretNames = new Set(byKind('Secret').map((o) => o.object.metadata?.name));
  const deployments = byKind('Deployment');
  if (deployments.length === 0) problems.push('manifests: no Deployment');
  for (const { file, object } of deployments) {
    const pod = object.spec?.template?.spec ?? {};
    const nonRoot = pod.securityContext?.runAsNonRoot === true;
    for (const c of pod.containers ?? []) {
      const where = `${file}: container ${c.name}`;
      if (c.livenessProbe?.httpGet?.path !== '/livez') {
        problems.push(`${where}: liveness must be /livez (no database)`);
      }
      if (c.readinessProbe?.httpGet?.path !== '/readyz') {
        problems.push(`${where}: readiness must be /readyz`);
      }
      if (!nonRoot && c.securityContext?.runAsNonRoot !== true) {
        problems.push(`${where}: runAsNonRoot is not set`);
      }
      if (c.securityContext?.allowPrivilegeEscalation !== false) {
        problems.push(`${where}: allowPrivilegeEscalation must be false`);
      }
      const key = (c.env ?? []).find((e) => e.name === 'WAYGATE_ENCRYPTION_KEY');
      const ref = key?.valueFrom?.secretKeyRef;
      if (!ref) problems.push(`${where}: WAYGATE_ENCRYPTION_KEY must come from a Secret`);
      else if (!secretNames.has(ref.name)) {
        problems.push(`${where}: WAYGATE_ENCRYPTION_KEY refers to a Secret not defined here`);
      }
      if (
        (c.env ?? []).some((e) => typeof e.value === 'string' && /^wgh_|^postgres/.test(e.value))
      ) {
        problems.push(`${where}: a secret is written in plain text`);
      }
    }
  }
  const cronJobs = byKind('CronJob');
  if (cronJobs.length === 0) problems.push('manifests: no CronJob');
  for (const { file, object } of cronJobs) {
    const containers = object.spec?.jobTemplate?.spec?.template?.spec?.containers ?? [];
    const calls = containers.some((c) =>
      [...(c.args ?? []), ...(c.command ?? [])].some((a) =>
        String(a).includes('/api/v1/internal/health-checks'),
      ),
    );
    if (!calls) problems.push(`${file}: the CronJob does not call the cron endpoint`);
  }
  return problems;
}

/** Reads a deploy directory as laid out in this repository and checks all of it. */
export async function checkRecipes(dir) {
  const k8s = join(dir, 'k8s');
  const names = [
    'secret.yaml',
    'deployment.yaml',
    'service.yaml',
    'cronjob.yaml',
    'kustomization.yaml',
  ];
  const files = {};
  const problems = [];
  for (const name of names) {
    const path = join(k8s, name);
    if (existsSync(path)) files[name] = readFileSync(path, 'utf8');
    else problems.push(`k8s/${name}: missing`);
  }
  problems.push(...checkDockerfile(readFileSync(join(dir, 'Dockerfile'), 'utf8')));
  problems.push(...(await checkManifests(files)));
  return problems;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = process.argv[2] ?? dirname(fileURLToPath(import.meta.url));
  const problems = await checkRecipes(dir);
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) process.exit(1);
  console.log('deploy recipes: Dockerfile and Kubernetes manifests pass');
}
