// `npm run results` on outputs in Vertex's layout (error rows inside prediction.results-*, errors_stats as
// `('message', count)` tuples) and on damaged outputs: a truncated or garbage line is never written or counted
// as a prediction, a refused conversion leaves no partial file, and the counts printed add up.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../local/cli/results';

const prediction = (text: string) => JSON.stringify({ instance: text, prediction: [0.5, -1] });
const failure = (text: string, message: string) => JSON.stringify({ instance: text, error: { status: 'INVALID_ARGUMENT', message } });

describe('npm run results: counts that add up', () => {
  let dir: string;
  const logged: string[] = [];
  const log = (line: string) => logged.push(line);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'results-counts-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const outputs = async (name: string, files: Record<string, string>) => {
    const folder = join(dir, name);
    await mkdir(folder, { recursive: true });
    for (const [file, text] of Object.entries(files)) await writeFile(join(folder, file), text);
    return folder;
  };

  it("Vertex's layout: error rows come from the results files, errors_stats tuples give the distinct messages", async () => {
    const folder = await outputs('vertex', {
      'prediction.results-00000-of-00001': [prediction('a'), failure('b', 'Too long'), prediction('c'), failure('d', 'Too long'), failure('e', "it's bad")].join('\n') + '\n',
      'prediction.errors_stats-00000-of-00001': `('Too long', 2)\n("it's bad", 1)\n`,
    });
    logged.length = 0;
    const out = join(dir, 'vertex.jsonl');
    await main(['--output-dir', folder, '--out', out], log);
    const rows = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(rows.map((r) => r.instance), ['a', 'c'], 'only predictions are written as predictions');
    assert.ok(logged.includes('rows: 2 prediction(s) + 3 error row(s) = 5; errors_stats count 3 failed row(s)'), logged.join('\n'));
    assert.ok(logged.includes('errors: 3 row(s) failed; most frequent:'));
    assert.ok(logged.includes('  2 × [INVALID_ARGUMENT] Too long'));
  });

  it('errors_stats without per-row error lines: the tuples are the error summary', async () => {
    const folder = await outputs('stats-only', {
      'prediction.results-00000-of-00001': prediction('a') + '\n',
      'prediction.errors_stats-00000-of-00001': "('Post request fails. Cannot get predictions. Error: Exceeded retries: Non-OK result 504', 16)\n",
    });
    logged.length = 0;
    await main(['--output-dir', folder, '--out', join(dir, 'stats-only.jsonl')], log);
    assert.ok(logged.includes('errors: 16 row(s) failed; most frequent:'), logged.join('\n'));
    assert.ok(logged.includes('  16 × Post request fails. Cannot get predictions. Error: Exceeded retries: Non-OK result 504'));
  });

  for (const format of ['jsonl', 'csv']) {
    it(`a truncated and a garbage line: refused with their places, no ${format} file left, nothing counted as a prediction`, async () => {
      const folder = await outputs(`damaged-${format}`, {
        'prediction.results-00000-of-00001': [prediction('a'), '{"instance": "b", "predic', 'garbage', prediction('c')].join('\n') + '\n',
      });
      const out = join(dir, `damaged.${format}`);
      await assert.rejects(
        main(['--output-dir', folder, '--out', out], log),
        (error: Error) => {
          assert.equal(
            error.message,
            `2 line(s) of the output files are neither a prediction nor an error row (truncated or not JSON), first at ` +
              `${join(folder, 'prediction.results-00000-of-00001')}:2, ${join(folder, 'prediction.results-00000-of-00001')}:3; ` +
              'they were not counted or written. Nothing was written; pass --skip-unreadable to write the readable rows anyway.',
          );
          return true;
        },
      );
      assert.deepEqual((await readdir(dir)).filter((name) => name.includes(`damaged.${format}`)), [], 'no output, no partial file');

      logged.length = 0;
      await main(['--output-dir', folder, '--out', out, '--skip-unreadable'], log);
      const lines = (await readFile(out, 'utf8')).trim().split('\n');
      assert.equal(lines.length, format === 'csv' ? 3 : 2, 'header (csv) and the two readable predictions');
      assert.ok(logged.includes('rows: 2 prediction(s) + 0 error row(s) = 2'), logged.join('\n'));
      assert.ok(logged.some((l) => l.startsWith('warning: 2 line(s) of the output files are neither')));
    });
  }
});
