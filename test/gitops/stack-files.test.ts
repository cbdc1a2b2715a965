// Both committed stack files load through infra/config.ts, and prod differs from dev exactly where it should.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parse } from 'yaml';
import { loadStackFile, projectName, REPO_ROOT as ROOT } from '../../.github/scripts/stack-file';

const PROJECT = projectName();

function stackFile(stack: string): Record<string, unknown> {
  return (parse(readFileSync(join(ROOT, `Pulumi.${stack}.yaml`), 'utf8')) as { config: Record<string, unknown> }).config;
}

describe('Pulumi.dev.yaml and Pulumi.prod.yaml', () => {
  const dev = loadStackFile('dev');
  const prod = loadStackFile('prod');

  it('use only the project namespace and gcp:project / gcp:region', () => {
    for (const stack of ['dev', 'prod']) {
      for (const key of Object.keys(stackFile(stack))) {
        assert.ok(key.startsWith(`${PROJECT}:`) || key === 'gcp:project' || key === 'gcp:region', `${stack}: ${key}`);
      }
    }
  });

  it('prod: protected, versioned bucket that is never force-destroyed and keeps prediction outputs', () => {
    assert.equal(prod.environment, 'prod');
    assert.equal(prod.bucket.protect, true);
    assert.equal(prod.bucket.versioning, true);
    assert.equal(prod.bucket.forceDestroy, false);
    assert.equal(prod.bucket.predictionOutputRetentionDays, undefined);
  });

  it('dev: disposable (unprotected, unversioned, force-destroy allowed) with short output retention', () => {
    assert.equal(dev.environment, 'dev');
    assert.equal(dev.bucket.protect, false);
    assert.equal(dev.bucket.versioning, false);
    assert.equal(dev.bucket.forceDestroy, true);
    assert.ok(dev.bucket.predictionOutputRetentionDays! <= 30, String(dev.bucket.predictionOutputRetentionDays));
  });

  it('prod runs GPU jobs on the GPU serving image; dev a small CPU machine on the CPU image', () => {
    assert.equal(prod.prediction.gpu, true);
    assert.equal(prod.prediction.acceleratorType, 'NVIDIA_TESLA_T4');
    assert.equal(prod.prediction.servingImageUri, 'us-docker.pkg.dev/vertex-ai/prediction/tf2-gpu.2-15:latest');
    assert.equal(dev.prediction.gpu, false);
    assert.equal(dev.prediction.servingImageUri, 'us-docker.pkg.dev/vertex-ai/prediction/tf2-cpu.2-15:latest');
    assert.ok(/^(e2|n1)-standard-[24]$/.test(dev.prediction.machineType), dev.prediction.machineType);
  });

  it('give the two stacks different names (deterministic suffixes) and environment labels', () => {
    assert.notEqual(dev.names.bucket, prod.names.bucket);
    assert.equal(prod.labels.environment, 'prod');
    assert.equal(dev.labels.environment, 'dev');
  });

  it('hold no secret in clear: every value under a secret-looking key is a `secure:` ciphertext', () => {
    for (const stack of ['dev', 'prod']) {
      const text = readFileSync(join(ROOT, `Pulumi.${stack}.yaml`), 'utf8');
      for (const line of text.split('\n').filter((l) => /(password|token|secret|credential|private.?key)\s*:/i.test(l) && !l.trim().startsWith('#'))) {
        assert.match(line, /secure:\s*\S+/, `${stack}: ${line}`);
      }
    }
  });

  it('the destroy guard run on the real files: refuses prod, allows dev when confirmed', () => {
    const guard = (stack: string, confirm: string) =>
      spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, '.github/scripts/destroy-guard.ts'), '--stack', stack, '--confirm', confirm], { cwd: ROOT, encoding: 'utf8' });
    const prodRun = guard('prod', 'prod');
    assert.equal(prodRun.status, 1);
    assert.match(prodRun.stderr, /destroy refused: stack: "prod" is a protected stack/);
    const devRun = guard('dev', 'dev');
    assert.equal(devRun.status, 0, devRun.stderr);
    assert.match(devRun.stdout, /destroy of stack "dev" allowed/);
  });
});
