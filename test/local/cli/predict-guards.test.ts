// `npm run predict` keeps every promise about its input and output: a folder in a file list is an error row
// with the user's path, an empty input fails with a message, --out never mixes with an earlier run nor is a
// file, a damaged saved_model.pb is named as the user's file, and the counts printed add up.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFixture } from '../../../model/fixture/generate';
import { exportSavedModel } from '../../../model/savedmodel/export';
import { main } from '../../../local/cli/predict';
import { main as results } from '../../../local/cli/results';

describe('npm run predict: guards and counts', () => {
  let dir: string;
  let modelDir: string;
  let input: string;
  const log: string[] = [];
  const predict = (args: string[]) => main(['--model', modelDir, ...args], (l) => log.push(l));

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'predict-guards-'));
    const fixture = await writeFixture(join(dir, 'fixture'));
    modelDir = (await exportSavedModel({ sourceDir: fixture.outDir, outDir: join(dir, 'savedmodel') })).outDir;
    input = join(dir, 'in.jsonl');
    await writeFile(input, '"one"\n\n"two"\n{bad\n');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('prints that input lines = prediction rows + error rows', async () => {
    log.length = 0;
    await predict(['--input', input, '--format', 'jsonl', '--out', join(dir, 'counted')]);
    assert.ok(log.includes('input: 3 line(s) = 2 prediction row(s) + 1 error row(s)'), log.join('\n'));
  });

  it('a file-list line naming a folder is an error row with the user\'s path; the other files are embedded', async () => {
    await mkdir(join(dir, 'docs', 'sub'), { recursive: true });
    await writeFile(join(dir, 'docs', 'a.txt'), 'alpha');
    const list = join(dir, 'list.txt');
    await writeFile(join(dir, 'docs', 'b.txt'), 'beta');
    await writeFile(list, 'docs/a.txt\ndocs/sub\ndocs/missing.txt\ndocs/b.txt\n');
    const out = join(dir, 'list-out');
    log.length = 0;
    await predict(['--input', list, '--format', 'file-list', '--out', out]);
    const rows = (await readFile(join(out, 'prediction.results-00000-of-00001'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(rows.filter((r) => 'prediction' in r).length, 2);
    assert.deepEqual(rows.find((r) => 'error' in r), {
      instance: 'docs/sub',
      error: { status: 'INVALID_ARGUMENT', message: 'docs/sub is a folder, not a file: a file list names one file per line.' },
    });
    assert.ok(log.some((l) => l.startsWith('warning: docs/sub (line 2 of') && l.endsWith('is a folder, not a file; it will be an error row')));

    // The output joins back to the list itself: prediction rows by the files' bytes, error rows by the path.
    const joined = join(dir, 'list-joined.jsonl');
    log.length = 0;
    await results(['--output-dir', out, '--join', list, '--ordered', '--out', joined], (l) => log.push(l));
    const lines = (await readFile(joined, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(
      lines.map((r) => [r.inputLine, 'prediction' in r ? Buffer.from(r.instance.b64, 'base64').toString() : r.instance]),
      [[1, 'alpha'], [2, 'docs/sub'], [3, 'docs/missing.txt'], [4, 'beta']],
    );
    assert.ok(log.includes('join: 4 input line(s): 2 with a prediction, 2 with an error row, 0 with neither (written in input order)'), log.join('\n'));
  });

  it('an empty or blank input fails with a message naming it', async () => {
    const empty = join(dir, 'empty.jsonl');
    await writeFile(empty, '');
    await assert.rejects(predict(['--input', empty, '--format', 'jsonl', '--out', join(dir, 'e1')]), new RegExp(`--input: ${empty} is empty: there is nothing to predict`));
    const blank = join(dir, 'blank.jsonl');
    await writeFile(blank, '\n  \n');
    await assert.rejects(predict(['--input', blank, '--format', 'jsonl', '--out', join(dir, 'e2')]), /has only blank lines: there is nothing to predict/);
  });

  it('--out holding an earlier run is refused (nothing runs); --overwrite replaces those files', async () => {
    const out = join(dir, 'reused');
    await mkdir(out);
    await writeFile(join(out, 'prediction.results-00000-of-00002'), '{"instance":"old","prediction":[1]}\n');
    await writeFile(join(out, 'notes.txt'), 'mine');
    await assert.rejects(predict(['--input', input, '--format', 'jsonl', '--out', out]), /--out: .*reused already holds 1 prediction file\(s\) of an earlier run .*pass --overwrite/);
    await predict(['--input', input, '--format', 'jsonl', '--out', out, '--overwrite']);
    assert.deepEqual((await readdir(out)).sort(), ['notes.txt', 'prediction.errors_stats-00000-of-00001', 'prediction.results-00000-of-00001']);
  });

  it('--out that is a file fails before the run', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, 'x');
    log.length = 0;
    await assert.rejects(predict(['--input', input, '--format', 'jsonl', '--out', file]), /--out: .*a-file is a file; give a folder/);
    assert.deepEqual(log, [], 'nothing ran');
  });

  it("a damaged saved_model.pb is reported as the user's file", async () => {
    const broken = join(dir, 'broken-model');
    await cp(modelDir, broken, { recursive: true });
    await copyFile(input, join(broken, 'saved_model.pb'));
    await assert.rejects(
      main(['--model', broken, '--input', input, '--format', 'jsonl', '--out', join(dir, 'b')], () => {}),
      (error: Error) => {
        assert.match(error.message, new RegExp(`^--model: ${join(broken, 'saved_model.pb')} is not a readable SavedModel: `));
        assert.doesNotMatch(error.message, /gs:\/\//);
        return true;
      },
    );
  });
});
