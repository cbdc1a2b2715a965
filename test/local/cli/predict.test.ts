// `npm run predict` on local files: the executor's output layout and rows, the model actually run (the same
// vectors as the local encoder gives for those texts), error rows, and flag errors.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFixture } from '../../../model/fixture/generate';
import { exportSavedModel } from '../../../model/savedmodel/export';
import { createLocalEncoder } from '../../../local/inference';
import { main } from '../../../local/cli/predict';

describe('npm run predict', () => {
  let dir: string;
  let modelDir: string;
  const log: string[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'predict-cli-'));
    const fixture = await writeFixture(join(dir, 'fixture'));
    modelDir = (await exportSavedModel({ sourceDir: fixture.outDir, outDir: join(dir, 'savedmodel') })).outDir;
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const rows = async (outDir: string, prefix: string) => {
    const names = (await readdir(outDir)).filter((n) => n.startsWith(prefix)).sort();
    const text = (await Promise.all(names.map((n) => readFile(join(outDir, n), 'utf8')))).join('');
    return text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  };

  it('embeds a JSONL file with the given SavedModel, in Vertex\'s layout, with error rows for bad lines', async () => {
    const input = join(dir, 'sentences.jsonl');
    await writeFile(input, '"hello world"\n"one two"\n{not json\n""\n');
    const outDir = join(dir, 'out-jsonl');
    await main(['--model', modelDir, '--input', input, '--format', 'jsonl', '--out', outDir, '--batch-size', '2'], (l) => log.push(l));

    assert.deepEqual((await readdir(outDir)).sort(), ['prediction.errors_stats-00000-of-00001', 'prediction.results-00000-of-00001']);
    const all = await rows(outDir, 'prediction.results-');
    const results = all.filter((r) => !('error' in r));
    assert.deepEqual(results.map((r) => r.instance), ['hello world', 'one two', '']);
    const errors = all.filter((r) => 'error' in r);
    assert.equal(errors.length, 1);
    assert.equal(errors[0].instance, '{not json');
    assert.match(errors[0].error.message, /^Failed to parse the input line as JSON/);

    // The vectors are the model's: the local encoder on the same SavedModel gives the same numbers.
    const encoder = await createLocalEncoder({ savedModelDir: modelDir });
    try {
      const expected = await encoder.embed(['hello world', 'one two']);
      for (let i = 0; i < 2; i++) {
        assert.equal(results[i].prediction.length, 512);
        const maxDiff = Math.max(...results[i].prediction.map((v: number, j: number) => Math.abs(v - expected[i][j])));
        assert.ok(maxDiff < 1e-6, `row ${i}: max difference ${maxDiff}`);
      }
    } finally {
      await encoder.close();
    }
    assert.ok(results[2].prediction.every((v: number) => v === 0), 'the empty text embeds to the zero vector (contract 8)');
  });

  it('embeds a file list of local files; a missing file is an error row, named in a warning', async () => {
    await mkdir(join(dir, 'texts'));
    await writeFile(join(dir, 'texts', 'a.txt'), '"the quick brown fox"\n');
    const list = join(dir, 'list.txt');
    await writeFile(list, 'texts/a.txt\ntexts/missing.txt\n');
    const outDir = join(dir, 'out-list');
    log.length = 0;
    await main(['--model', modelDir, '--input', list, '--format', 'file-list', '--out', outDir], (l) => log.push(l));
    const all = await rows(outDir, 'prediction.results-');
    assert.deepEqual(all.filter((r) => !('error' in r)).map((r) => r.instance), [{ b64: Buffer.from('"the quick brown fox"\n').toString('base64') }]);
    const errors = all.filter((r) => 'error' in r);
    assert.equal(errors.length, 1);
    assert.deepEqual(errors[0], { instance: 'texts/missing.txt', error: { status: 'NOT_FOUND', message: 'File texts/missing.txt does not exist.' } });
    assert.ok(log.some((l) => l.startsWith('warning: texts/missing.txt (line 2 of')));
  });

  it('refuses bad flags before running anything', async () => {
    const input = join(dir, 'sentences.jsonl');
    await assert.rejects(main(['--model', dir, '--input', input, '--format', 'jsonl', '--out', join(dir, 'x')], () => {}), /--model: .* has no saved_model.pb/);
    await assert.rejects(main(['--model', modelDir, '--input', input, '--format', 'csv', '--out', join(dir, 'x')], () => {}), /--format: "csv" is not one of jsonl, file-list/);
    await assert.rejects(main(['--model', modelDir, '--input', join(dir, 'nope.jsonl'), '--format', 'jsonl', '--out', join(dir, 'x')], () => {}), /--input: .*nope.jsonl is not a file/);
    await assert.rejects(main(['--model', modelDir, '--input', input, '--format', 'jsonl'], () => {}), /--out is required/);
  });
});
