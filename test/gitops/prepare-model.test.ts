// The CI export step (.github/scripts/prepare-model.ts) on a stack whose model source is the offline fixture:
// it exports what the program would, and a second run with the same caches reuses the artifact (same digest,
// nothing rebuilt) — what the workflow's actions/cache restore relies on.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareStackModel } from '../../.github/scripts/prepare-model';
import { REPO_ROOT } from '../../.github/scripts/stack-file';

let root: string;
const log: string[] = [];
const options = () => ({ exportsDir: join(root, 'exports'), fixtureDir: join(root, 'fixture'), log: (line: string) => log.push(line) });

before(() => {
  root = mkdtempSync(join(tmpdir(), 'prepare-model-'));
  copyFileSync(join(REPO_ROOT, 'Pulumi.yaml'), join(root, 'Pulumi.yaml'));
  writeFileSync(
    join(root, 'Pulumi.ci.yaml'),
    ['config:', '  gcp:project: acme-embeddings', '  gcp:region: us-central1', '  vertex-embeddings:environment: dev', '  vertex-embeddings:model:', '    source: fixture', ''].join('\n'),
  );
});

after(() => rmSync(root, { recursive: true, force: true }));

describe('prepare-model (CI export before up)', () => {
  it('exports once, then reuses the cached artifact with the same digest', async () => {
    const first = await prepareStackModel('ci', options(), root);
    assert.equal(first.sourceKind, 'fixture');
    assert.equal(first.fromCache, false);
    assert.match(first.digest, /^[0-9a-f]{64}$/);
    assert.ok(first.files.some((f) => f.path === 'saved_model.pb'), JSON.stringify(first.files.map((f) => f.path)));
    const second = await prepareStackModel('ci', options(), root);
    assert.equal(second.fromCache, true);
    assert.equal(second.digest, first.digest);
    assert.equal(second.dir, first.dir);
  });

  it('fails on an invalid stack file before exporting anything, naming the key', async () => {
    writeFileSync(join(root, 'Pulumi.bad.yaml'), ['config:', '  gcp:project: acme-embeddings', '  gcp:region: us-central1', '  vertex-embeddings:environment: dev', '  vertex-embeddings:model:', '    source: hub', ''].join('\n'));
    await assert.rejects(prepareStackModel('bad', options(), root), /model\.source: "hub"/);
  });
});
