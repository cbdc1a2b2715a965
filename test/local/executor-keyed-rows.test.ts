// Keyed rows (issue 19) and TF Serving's row format (issue 16/19) in the executor: a JSONL of
// {"id", "lang", <text field of any name>} run with keyField + includedFields + instanceType array gives one
// `{"key", "prediction"}` line per input line, and the results join pairs them back by key; each instance shape
// is judged as TF Serving's REST row format and the exported serving_default judge it.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { joinResults, type JoinedRow, type ResultRow } from '../../jobs/results-join';
import { type ExecutorEnv, jsonlInput, lines, recordingPredictor, startExecutorEnv } from './executor-env';

const RESULTS = 'prediction.results-00000-of-00001';
const ERRORS = 'prediction.errors_stats-00000-of-00001';

describe('executor: keyed rows and the TF Serving row format', () => {
  let env: ExecutorEnv;
  const batches: string[][] = [];

  before(async () => {
    env = await startExecutorEnv({ predictor: recordingPredictor(batches) });
  });
  after(() => env.close());
  beforeEach(() => {
    batches.length = 0;
  });

  const outputs = async (object: string, overrides: object) => {
    const job = await env.runJob({ ...jsonlInput(object), ...overrides });
    assert.equal(job.state, 'JOB_STATE_SUCCEEDED', job.error?.message ?? '');
    const files = await env.readFolder(job.outputInfo?.gcsOutputDirectory ?? '');
    return { results: files.get(RESULTS) ?? '', errors: files.get(ERRORS) ?? '' };
  };

  it('keyField + includedFields: [body] + instanceType array: every line embedded, output rows carry key, the join pairs them back', async () => {
    const input = ['t-1', 't-2', 't-3', 't-4'].map((id, i) => JSON.stringify({ id, lang: 'en', body: `ticket number ${i + 1}` }));
    await env.put('in/tickets-keyed.jsonl', input.join('\n'));
    const { results, errors } = await outputs('in/tickets-keyed.jsonl', {
      instanceConfig: { keyField: 'id', includedFields: ['body'], instanceType: 'array' },
      manualBatchTuningParameters: { batchSize: 3 },
    });
    assert.equal(errors, '');
    assert.deepEqual(lines(results), [
      { key: 't-1', prediction: [15, 116] },
      { key: 't-2', prediction: [15, 116] },
      { key: 't-3', prediction: [15, 116] },
      { key: 't-4', prediction: [15, 116] },
    ]);
    assert.deepEqual(batches.flat(), ['ticket number 1', 'ticket number 2', 'ticket number 3', 'ticket number 4']);

    // The rows as Vertex may order them (reversed here), joined back to the input file by the job's keyField.
    const rows: ResultRow[] = results.split('\n').filter(Boolean).reverse().map((line) => ({ kind: 'prediction', line }));
    const tmpDir = await mkdtemp(join(tmpdir(), 'keyed-join-'));
    try {
      const joined = joinResults({ input, results: (async function* () { yield* rows; })(), keyField: 'id', ordered: true, tmpDir });
      const out: JoinedRow[] = [];
      for await (const row of joined.rows) out.push(row);
      assert.deepEqual(out.map((r) => [r.inputLine, JSON.parse(r.line).key]), [[1, 't-1'], [2, 't-2'], [3, 't-3'], [4, 't-4']]);
      assert.equal(joined.report.missing, 0);
      assert.equal(joined.report.unmatchedRows, 0);
    } finally {
      await rm(tmpDir, { recursive: true, force: true });
    }
  });

  it('each instance as TF Serving reads it for the one string input: strings, b64, one-element arrays, the named input; other shapes are row errors', async () => {
    const cases: [unknown, string | RegExp][] = [
      ['plain', 'plain'],
      [['one-element array'], 'one-element array'],
      [[['nested once more']], 'nested once more'],
      [{ b64: Buffer.from('bytes').toString('base64') }, 'bytes'],
      [[{ b64: Buffer.from('b64 in an array').toString('base64') }], 'b64 in an array'],
      [{ inputs: 'named input' }, 'named input'],
      [{ inputs: ['named one-element array'] }, 'named one-element array'],
      [{ text: 'any other name' }, /^JSON object: does not have named input: text \(the model's input is "inputs"\)$/],
      [{ inputs: 'x', lang: 'en' }, /^JSON object: does not have named input: lang/],
      [{}, /^JSON object: \{\} keys must be equal to: inputs$/],
      [{ b64: 5 }, /^JSON object: does not have named input: b64/],
      [{ b64: 'not base64!' }, /^Unable to base64 decode$/],
      [['a', 'b'], /^one text per instance: .* got a tensor of shape \[N,2\]$/],
      [[], /^one text per instance: .* got a tensor of shape \[N,0\]$/],
      [['a', ['b']], /^Encountered list at unexpected level: 1 expected < 1$/],
      [[['a'], 'b'], /^JSON Value: "b" found at incorrect level: 2 in the JSON DOM\. Expected at level: 2$/],
      [[['a'], ['b', 'c']], /^Encountered list at unexpected size: 2 at level: 1 expected size: 1$/],
      [5, /^JSON Value: 5 Type: Number is not of expected type: string$/],
      [null, /^JSON Value: null Type: Null is not of expected type: string$/],
      [[true], /^JSON Value: true Type: True is not of expected type: string$/],
      [{ inputs: { nested: 'x' } }, /^JSON Value: \{"nested":"x"\} not formatted correctly for base64 data$/],
    ];
    await env.put('in/shapes.jsonl', cases.map(([instance]) => JSON.stringify(instance)).join('\n'));
    const { results, errors } = await outputs('in/shapes.jsonl', {});
    const predicted = new Map((lines(results) as { instance: unknown; prediction: number[] }[]).map((r) => [JSON.stringify(r.instance), r]));
    const failed = new Map((lines(errors) as { instance: unknown; error: { message: string } }[]).map((r) => [JSON.stringify(r.instance), r.error.message]));
    for (const [instance, expected] of cases) {
      const key = JSON.stringify(instance);
      if (typeof expected === 'string') {
        assert.ok(predicted.has(key), `${key} should be predicted; error: ${failed.get(key)}`);
        assert.equal(predicted.get(key)?.prediction[0], expected.length, key);
      } else {
        assert.match(failed.get(key) ?? `(no error row for ${key})`, expected, key);
      }
    }
    assert.deepEqual(batches.flat(), cases.filter(([, e]) => typeof e === 'string').map(([, text]) => text));
  });
});
