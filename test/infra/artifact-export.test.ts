// The stack's export step: fixture source exported once, then reused from the cache; a corrupt cache is redone;
// a bad source fails with the exporter's message naming the source.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportKey, ModelExportError, prepareModelArtifact, type PrepareOptions } from '../../infra/artifact-export';

let work: string;
let opts: PrepareOptions;
const lines: string[] = [];
const FIXTURE = { source: 'fixture', registration: 'replace' } as const;

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'artifact-export-'));
  opts = { exportsDir: join(work, 'exports'), fixtureDir: join(work, 'fixture'), log: (line) => lines.push(line) };
});
after(() => rm(work, { recursive: true, force: true }));

describe('fixture source', () => {
  it('exports once, then the same digest comes from the cache', async () => {
    const cold = await prepareModelArtifact(FIXTURE, opts);
    assert.equal(cold.fromCache, false);
    assert.match(cold.digest, /^[0-9a-f]{64}$/);
    assert.deepEqual(cold.files.map((f) => f.path), ['export-manifest.json', 'saved_model.pb']);
    assert.equal(JSON.parse(await readFile(join(cold.dir, 'export-manifest.json'), 'utf8')).artifactDigest, cold.digest);
    assert.ok(lines.some((l) => /^model: exporting .* \(cache miss/.test(l)), lines.join('\n'));

    const warm = await prepareModelArtifact(FIXTURE, opts);
    assert.equal(warm.fromCache, true);
    assert.equal(warm.digest, cold.digest);
    assert.equal(warm.dir, cold.dir);
    assert.deepEqual(warm.files, cold.files);
    assert.match(lines.at(-1)!, /from the export cache/);
  });

  it('a corrupted cached export is detected and exported again', async () => {
    const first = await prepareModelArtifact(FIXTURE, opts);
    await writeFile(join(first.dir, 'saved_model.pb'), 'truncated');
    const again = await prepareModelArtifact(FIXTURE, opts);
    assert.equal(again.fromCache, false);
    assert.equal(again.digest, first.digest);
    assert.equal(again.files.find((f) => f.path === 'saved_model.pb')!.bytes > 1000, true);
  });

  it('the cache key follows the source bytes', async () => {
    const source = join(work, 'fixture', '20241125');
    const copy = join(work, 'modified-source');
    await cp(source, copy, { recursive: true });
    const original = await exportKey(source);
    assert.equal(await exportKey(copy), original);
    await writeFile(join(copy, 'vocab.json'), '[["▁", 0]]');
    assert.notEqual(await exportKey(copy), original);
  });
});

describe('bad sources fail before anything else happens', () => {
  it('a folder that does not exist', async () => {
    await assert.rejects(prepareModelArtifact({ source: 'folder', folder: join(work, 'nope'), registration: 'replace' }, opts), (error: unknown) => {
      assert.ok(error instanceof ModelExportError);
      assert.match(error.message, /^model export failed \(model.source: folder .*nope\): --source .*nope: not a folder/);
      return true;
    });
  });
  it('a folder missing weight shards', async () => {
    const partial = join(work, 'partial');
    await cp(join(work, 'fixture', '20241125'), partial, { recursive: true });
    await rm(join(partial, 'group1-shard3of7'));
    await assert.rejects(prepareModelArtifact({ source: 'folder', folder: partial, registration: 'replace' }, opts), /missing group1-shard3of7/);
  });
});
