// `npm run results` against the GCS emulator holding outputs in Vertex's layout: shards, error rows, CSV,
// and the ordered join back to the input file.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Storage } from '@google-cloud/storage';
import { startGcsEmulator, type GcsEmulator } from '../../../local/emulator/gcs/server';
import { main } from '../../../local/cli/results';

const OUTPUT_DIR = 'gs://out-bkt/predictions/prediction-use-lite-2026_11_25T10_00_00_000Z';
const SENTENCES = Array.from({ length: 9 }, (_, i) => `sentence ${i + 1}`);

describe('npm run results', () => {
  let emulator: GcsEmulator;
  let workDir: string;
  const logged: string[] = [];
  const log = (line: string) => logged.push(line);

  before(async () => {
    emulator = await startGcsEmulator();
    process.env.STORAGE_EMULATOR_HOST = emulator.url;
    workDir = await mkdtemp(join(tmpdir(), 'results-cli-'));
    const storage = new Storage({ apiEndpoint: emulator.url, projectId: 'p' });
    await storage.createBucket('out-bkt');
    const row = (i: number) => JSON.stringify({ instance: SENTENCES[i - 1], prediction: [i / 10, -i] });
    const error = (i: number) => JSON.stringify({ instance: SENTENCES[i - 1], error: { code: 3, message: 'Text too long' } });
    const dir = OUTPUT_DIR.slice('gs://out-bkt/'.length);
    // Shards in no particular order, as Vertex writes them; sentence 8 has no row at all.
    const files: Record<string, number[]> = { 'prediction.results-00001-of-00002': [5, 2, 9], 'prediction.results-00000-of-00002': [3, 1, 7] };
    for (const [name, lines] of Object.entries(files)) {
      await storage.bucket('out-bkt').file(`${dir}/${name}`).save(lines.map(row).join('\n') + '\n', { resumable: false });
    }
    await storage.bucket('out-bkt').file(`${dir}/prediction.errors_stats-00000-of-00001`).save(`${error(4)}\n${error(6)}\n`, { resumable: false });
    await storage.bucket('out-bkt').file(`${dir}/unrelated.txt`).save('not a shard', { resumable: false });
    await writeFile(join(workDir, 'input.jsonl'), SENTENCES.map((s) => JSON.stringify(s)).join('\n') + '\n');
  });
  after(async () => {
    delete process.env.STORAGE_EMULATOR_HOST;
    await emulator.close();
    await rm(workDir, { recursive: true, force: true });
  });

  it('streams every prediction row of every shard to JSONL and summarises the error rows', async () => {
    logged.length = 0;
    const out = join(workDir, 'all.jsonl');
    await main(['--output-dir', OUTPUT_DIR, '--out', out], log);
    const rows = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(rows.map((r) => r.instance), ['sentence 3', 'sentence 1', 'sentence 7', 'sentence 5', 'sentence 2', 'sentence 9']);
    assert.ok(logged.includes(`outputs in ${OUTPUT_DIR}: 2 result file(s), 1 error file(s)`));
    assert.ok(logged.includes('errors: 2 row(s) failed; most frequent:'));
    assert.ok(logged.includes('  2 × [code 3] Text too long'));
  });

  it('writes CSV when --out ends in .csv', async () => {
    const out = join(workDir, 'all.csv');
    await main(['--output-dir', OUTPUT_DIR, '--out', out], log);
    const lines = (await readFile(out, 'utf8')).trim().split('\n');
    assert.equal(lines[0], 'status,instance_or_key,prediction,error');
    assert.equal(lines[1], 'prediction,"""sentence 3""","[0.3,-3]",');
    assert.equal(lines.length, 7);
  });

  it('--join --ordered puts predictions and error rows in input order, names the lines with neither and fails on them', async () => {
    logged.length = 0;
    const out = join(workDir, 'joined.jsonl');
    await assert.rejects(
      main(['--output-dir', OUTPUT_DIR, '--out', out, '--join', join(workDir, 'input.jsonl'), '--ordered'], log),
      new RegExp(`the counts do not add up: 1 input line\\(s\\) have neither a prediction nor an error row \\(the rows that exist were written to ${out}\\)`),
    );
    const rows = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(rows.map((r) => r.inputLine), [1, 2, 3, 4, 5, 6, 7, 9]);
    assert.deepEqual(rows.map((r) => r.instance), [1, 2, 3, 4, 5, 6, 7, 9].map((i) => `sentence ${i}`));
    assert.deepEqual(rows[3].error, { code: 3, message: 'Text too long' });
    assert.ok(logged.includes('join: 9 input line(s): 6 with a prediction, 2 with an error row, 1 with neither (written in input order)'));
    assert.ok(logged.includes('  input lines without any row: 8'));
  });

  it('refuses bad flags before reading anything', async () => {
    await assert.rejects(main(['--output-dir', OUTPUT_DIR, '--ordered'], log), /--ordered needs --join INPUT_FILE/);
    await assert.rejects(main(['--output-dir', OUTPUT_DIR, '--format', 'parquet'], log), /--format: "parquet" is not one of jsonl, csv/);
    await assert.rejects(main(['--out', 'x.jsonl'], log), /give exactly one of --job or --output-dir/);
    await assert.rejects(main(['--job', '123'], log), /--job "123" is not a full resource name: pass --stack STACK or --region R/);
    await assert.rejects(main(['--output-dir', 'gs://out-bkt/nothing-here'], log), /no prediction.results-\* \/ predictions_\* files in gs:\/\/out-bkt\/nothing-here/);
  });
});
