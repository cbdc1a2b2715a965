// Teardown semantics of `pulumi destroy`, read from the resource graph the program registers under mocks
// (dev and prod stack files). The engine deletes a resource only after everything that depends on it, so
// "A is deleted before B" holds exactly when A depends on B, directly or through other resources.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { type MockRun, type Registration, one, ofType, runUnderMocks, stackFileConfig, TYPES } from '../infra/helpers/mock-stack';

const ROOT = join(__dirname, '..', '..');
const { SERVICE, BUCKET, SA } = TYPES;

/** True when `a` depends on `b` through any chain of dependencies (so destroy deletes `a` first). */
function dependsOn(run: MockRun, a: Registration, b: Registration): boolean {
  const byUrn = new Map(run.registrations.map((r) => [r.urn, r]));
  const seen = new Set<string>();
  const stack = [...a.dependencies];
  while (stack.length > 0) {
    const urn = stack.pop()!;
    if (urn === b.urn) return true;
    if (seen.has(urn)) continue;
    seen.add(urn);
    stack.push(...(byUrn.get(urn)?.dependencies ?? []));
  }
  return false;
}

/** What `pulumi destroy --exclude-protected` leaves: protected resources and everything they depend on. */
function keptByExcludeProtected(run: MockRun): Registration[] {
  const custom = run.registrations.filter((r) => r.custom);
  const protectedOnes = custom.filter((r) => r.protect);
  return custom.filter((r) => r.protect || protectedOnes.some((p) => dependsOn(run, p, r)));
}

let dev: MockRun;
let prod: MockRun;

before(async () => {
  // One program evaluation per process: the prod run happens in a child process (see the prod suite).
  dev = await runUnderMocks({ stack: 'dev', config: stackFileConfig(join(ROOT, 'Pulumi.dev.yaml')), load: async () => require('../../infra/index') });
});

describe('pulumi destroy on dev', () => {
  it('removes every resource: nothing is protected', () => {
    assert.deepEqual(dev.registrations.filter((r) => r.protect).map((r) => r.name), []);
    assert.deepEqual(keptByExcludeProtected(dev), []);
  });

  it('leaves the Google APIs switched on (other workloads may use them): services are only dropped from state', () => {
    const services = ofType(dev, SERVICE);
    assert.equal(services.length, 3);
    for (const s of services) assert.equal(s.inputs.disableOnDestroy, false, s.name);
  });

  it('deletes IAM bindings before the service account and the bucket they name', () => {
    const sa = one(dev, SA);
    const bucket = one(dev, BUCKET);
    const bindings = [...ofType(dev, 'gcp:storage/bucketIAMMember:BucketIAMMember'), ...ofType(dev, 'gcp:projects/iAMMember:IAMMember')];
    assert.equal(bindings.length, 6); // 3 bucket roles each for the job account and the Vertex agent, none at project level
    for (const b of bindings.filter((x) => x.name.includes('-job-'))) assert.ok(dependsOn(dev, b, sa), b.name);
    for (const b of bindings.filter((x) => x.type.startsWith('gcp:storage/'))) assert.ok(dependsOn(dev, b, bucket), b.name);
  });

  it('deletes the batch jobs before the model they run on, and the model before the artifact it was uploaded from', () => {
    const jobs = ofType(dev, TYPES.JOB);
    const model = one(dev, TYPES.MODEL);
    const artifact = one(dev, TYPES.ARTIFACT);
    assert.equal(jobs.length, 2);
    for (const job of jobs) assert.ok(dependsOn(dev, job, model), `${job.name} must go before the model`);
    assert.ok(dependsOn(dev, model, artifact));
    assert.ok(dependsOn(dev, artifact, one(dev, BUCKET)));
    assert.ok(!dependsOn(dev, model, jobs[0]!), 'the model does not depend on a job');
  });

  it('deletes the bucket with its objects, prediction outputs included, only because the dev file opts in (forceDestroy)', () => {
    const bucket = one(dev, BUCKET);
    assert.equal(bucket.inputs.forceDestroy, true);
    assert.ok(dependsOn(dev, bucket, ofType(dev, SERVICE).find((s) => s.inputs.service === 'storage.googleapis.com')!));
  });
});

describe('pulumi destroy on prod', () => {
  // Evaluated in a child process (the program module is evaluated once per process); prints the facts as JSON.
  let facts: { protectedNames: string[]; kept: string[]; forceDestroy: boolean; versioning: boolean };
  before(() => {
    const script = `
      const { runUnderMocks, stackFileConfig } = require('./test/infra/helpers/mock-stack');
      runUnderMocks({ stack: 'prod', config: stackFileConfig('Pulumi.prod.yaml'), load: async () => require('./infra/index') }).then((run) => {
        const bucket = run.registrations.find((r) => r.type === '${BUCKET}');
        process.stdout.write(JSON.stringify({ registrations: run.registrations, forceDestroy: bucket.inputs.forceDestroy, versioning: bucket.inputs.versioning.enabled }));
      });`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, METADATA_SERVER_DETECTION: 'none' } });
    assert.equal(child.status, 0, child.stderr);
    const parsed = JSON.parse(child.stdout) as { registrations: Registration[]; forceDestroy: boolean; versioning: boolean };
    prod = { registrations: parsed.registrations, outputs: {} };
    facts = {
      protectedNames: prod.registrations.filter((r) => r.protect).map((r) => r.type),
      kept: keptByExcludeProtected(prod).map((r) => `${r.type} ${r.inputs.service ?? ''}`.trim()).sort(),
      forceDestroy: parsed.forceDestroy,
      versioning: parsed.versioning,
    };
  });

  it('keeps the bucket: it is protected, so a plain destroy stops at it', () => {
    assert.deepEqual(facts.protectedNames, [BUCKET]);
  });

  it('`--exclude-protected` removes everything but the bucket and the storage API it depends on', () => {
    assert.deepEqual(facts.kept, [`${SERVICE} storage.googleapis.com`, BUCKET]);
  });

  it('never force-destroys, and keeps object versions, so prediction outputs survive even an unprotected destroy attempt', () => {
    assert.equal(facts.forceDestroy, false);
    assert.equal(facts.versioning, true);
  });
});
