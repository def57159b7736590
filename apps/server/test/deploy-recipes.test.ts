import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkDockerfile, checkManifests, checkRecipes } from '../../../deploy/check-recipes.mjs';

// The container and cluster recipes cannot be built here (no Docker daemon); CI lints them
// (.ci/run). These tests show the checker passes the shipped recipes and fails planted faults.
const deployDir = fileURLToPath(new URL('../../../deploy/', import.meta.url));
const read = (path: string) => readFileSync(`${deployDir}${path}`, 'utf8');
const manifests = () => ({
  'secret.yaml': read('k8s/secret.yaml'),
  'deployment.yaml': read('k8s/deployment.yaml'),
  'service.yaml': read('k8s/service.yaml'),
  'cronjob.yaml': read('k8s/cronjob.yaml'),
  'kustomization.yaml': read('k8s/kustomization.yaml'),
});

describe('deploy recipes', () => {
  it('the shipped Dockerfile and manifests pass', async () => {
    expect(await checkRecipes(deployDir)).toEqual([]);
  });

  it.each([
    ['a root user', (d: string) => d.replace('USER 1000:1000', 'USER root'), /numeric non-root/],
    [
      'no HEALTHCHECK',
      (d: string) => d.replace(/HEALTHCHECK[^\n]*\\\n[^\n]*\n/, ''),
      /HEALTHCHECK/,
    ],
    ['no data volume', (d: string) => d.replace('VOLUME ["/data"]', ''), /VOLUME/],
    ['one stage', (d: string) => d.replace(/FROM \$\{NODE_IMAGE\} AS runtime/, ''), /multi-stage/],
    [
      'an unknown instruction',
      (d: string) => d.replace('EXPOSE 3000', 'EXPOSES 3000'),
      /Unknown instruction/,
    ],
    ['a bad port', (d: string) => d.replace('EXPOSE 3000', 'EXPOSE http'), /containerPort/],
  ])('fails a Dockerfile with %s', (_label, plant, problem) => {
    const planted = plant(read('Dockerfile'));
    expect(planted).not.toBe(read('Dockerfile'));
    expect(checkDockerfile(planted).join('\n')).toMatch(problem);
  });

  it.each([
    [
      'liveness on the database',
      (y: string) =>
        y.replace(
          'path: /livez\n              port: http\n            periodSeconds: 10',
          'path: /readyz\n              port: http\n            periodSeconds: 10',
        ),
      /liveness must be \/livez/,
    ],
    [
      'a string where the schema wants a number',
      (y: string) => y.replace('containerPort: 3000', 'containerPort: "http"'),
      /containerPort must be integer/,
    ],
    [
      'the key in plain text',
      (y: string) =>
        y.replace(
          /- name: WAYGATE_ENCRYPTION_KEY\n\s+valueFrom:\n\s+secretKeyRef:\n\s+name: waygate-health\n\s+key: encryption-key/,
          '- name: WAYGATE_ENCRYPTION_KEY\n              value: c2VjcmV0',
        ),
      /must come from a Secret/,
    ],
    [
      'privilege escalation',
      (y: string) => y.replace('allowPrivilegeEscalation: false', 'allowPrivilegeEscalation: true'),
      /allowPrivilegeEscalation/,
    ],
  ])('fails a Deployment with %s', async (_label, plant, problem) => {
    const files = manifests();
    const planted = plant(files['deployment.yaml']);
    expect(planted).not.toBe(files['deployment.yaml']);
    expect((await checkManifests({ ...files, 'deployment.yaml': planted })).join('\n')).toMatch(
      problem,
    );
  });

  it('fails without the Secret, without the CronJob, or with a broken CronJob', async () => {
    const files = manifests();
    const noSecret: Record<string, string> = { ...files };
    delete noSecret['secret.yaml'];
    expect((await checkManifests(noSecret)).join('\n')).toMatch(
      /Secret not defined here|secret.yaml is missing/,
    );
    const noCron: Record<string, string> = { ...files };
    delete noCron['cronjob.yaml'];
    expect((await checkManifests(noCron)).join('\n')).toMatch(/no CronJob/);
    const badCron = files['cronjob.yaml'].replace('schedule: "*/15 * * * *"', 'schedule: 15');
    expect((await checkManifests({ ...files, 'cronjob.yaml': badCron })).join('\n')).toMatch(
      /schedule must be string/,
    );
  });
});
