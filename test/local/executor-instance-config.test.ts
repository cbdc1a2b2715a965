// instanceConfig as Vertex documents it for JSONL objects: keyField reported as `key` instead of the
// instance, includedFields / excludedFields, instanceType object / array. Keyed rows (issue 19): a JSONL of
// {"id", "lang", <text field of any name>} run with keyField + includedFields + instanceType array gives one
// `{"key", "prediction"}` line per input line, and the results join pairs them back by key. Each instance shape
// is judged as TF Serving's REST row format and the exported serving_default judge it (local/executor/row-format.ts).
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { joinResults, type JoinedRow, type ResultRow } from '../../jobs/results-join';
import { type ExecutorEnv, jsonlInput, recordingPredictor, resultsRows, startExecutorEnv } from './executor-env';

const RESULTS = 'prediction.results-00000-of-00001';

describe('executor: instanceConfig', () => {
  let env: ExecutorEnv;
  const batches: string[][] = [];

  before(async () => {
    env = await startExecutorEnv({ predictor: recordingPredictor(batches) });
    await env.put(
      'in/objects.jsonl',
      ['{"id": "r1", "inputs": "first text", "lang": "en"}', '{"id": "r2", "inputs": "second", "lang": "de"}', '"plain string"'].join('\n'),
    );
  });
  after(() => env.close());
  beforeEach(() => {
    batches.length = 0;
  });

  /** Runs a job over `object` with this instanceConfig; the output shard's prediction and error rows, parsed. */
  const run = async (instanceConfig: object, object = 'in/objects.jsonl', job: object = {}) => {
    const done = await env.runJob({ ...jsonlInput(object), instanceConfig, ...job });
    assert.equal(done.state, 'JOB_STATE_SUCCEEDED', done.error?.message ?? '');
    const files = await env.readFolder(done.outputInfo?.gcsOutputDirectory ?? '');
    const { predictions, errors } = resultsRows(files.get(RESULTS));
    return { resultsText: files.get(RESULTS) ?? '', results: predictions, errors };
  };

  it('keyField: the key is left out of the model input and the output carries `key` instead of `instance`', async () => {
    const { results, errors } = await run({ keyField: 'id', excludedFields: ['lang'] });
    assert.deepEqual(results, [
      { key: 'r1', prediction: [10, 102] },
      { key: 'r2', prediction: [6, 115] },
    ]);
    assert.deepEqual(batches, [['first text', 'second']]);
    assert.equal(errors.length, 1, 'a line that is not an object cannot have a key');
    assert.match(errors[0].error.message, /instance_config needs each JSONL line to be an object; got String/);
  });

  it('includedFields picks the fields sent to the model; the output echoes the instance as read', async () => {
    const { results } = await run({ includedFields: ['inputs'] });
    assert.deepEqual(results[0], { instance: { id: 'r1', inputs: 'first text', lang: 'en' }, prediction: [10, 102] });
    assert.deepEqual(batches, [['first text', 'second']]);
  });

  it('without a selection, an object with extra fields is not a valid input for a one-input model: its request fails whole', async () => {
    const { results, errors } = await run({});
    assert.deepEqual(results, [], 'the plain string shares the request of the first object');
    assert.deepEqual(
      errors.map((r) => r.error.message),
      Array(3).fill(`Failed to process element: 0 key: id of 'instances' list. Error: INVALID_ARGUMENT: JSON object: does not have named input: id (the model's input is "inputs")`),
    );
  });

  it('instanceType array with includedFields: each instance is a one-element array, the [N,1] rows TF Serving makes of it are embedded', async () => {
    const { results, errors } = await run({ instanceType: 'array', includedFields: ['inputs'] });
    assert.deepEqual(results.map((r) => r.prediction), [[10, 102], [6, 115]]);
    assert.deepEqual(batches, [['first text', 'second']]);
    assert.equal(errors.length, 1, 'the plain string line is not an object');
  });

  it('includedFields naming a field a line lacks makes that line an error row', async () => {
    const { errors } = await run({ includedFields: ['inputs', 'title'] });
    assert.match(errors[0].error.message, /instance has no field "title" listed in included_fields/);
  });

  it('keyField + includedFields: [body] + instanceType array: every line embedded, output rows carry key, the join pairs them back', async () => {
    const input = ['t-1', 't-2', 't-3', 't-4'].map((id, i) => JSON.stringify({ id, lang: 'en', body: `ticket number ${i + 1}` }));
    await env.put('in/tickets-keyed.jsonl', input.join('\n'));
    const { resultsText, results, errors } = await run({ keyField: 'id', includedFields: ['body'], instanceType: 'array' }, 'in/tickets-keyed.jsonl', {
      manualBatchTuningParameters: { batchSize: 3 },
    });
    assert.deepEqual(errors, []);
    assert.deepEqual(results, [
      { key: 't-1', prediction: [15, 116] },
      { key: 't-2', prediction: [15, 116] },
      { key: 't-3', prediction: [15, 116] },
      { key: 't-4', prediction: [15, 116] },
    ]);
    assert.deepEqual(batches.flat(), ['ticket number 1', 'ticket number 2', 'ticket number 3', 'ticket number 4']);

    // The rows as Vertex may order them (reversed here), joined back to the input file by the job's keyField.
    const rows: ResultRow[] = resultsText.split('\n').filter(Boolean).reverse().map((line) => ({ kind: 'prediction', line }));
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

  it('each instance alone (batchSize 1) as TF Serving reads it for the one string input: strings, b64, one-element arrays, the named input; other shapes are errors', async () => {
    const element = (error: string) => new RegExp(`^Failed to process element: 0 of 'instances' list\\. Error: INVALID_ARGUMENT: ${error}$`);
    const keyed = (name: string, error: string) => new RegExp(`^Failed to process element: 0 key: ${name} of 'instances' list\\. Error: INVALID_ARGUMENT: ${error}$`);
    const cases: [unknown, string | RegExp][] = [
      ['plain', 'plain'],
      [['one-element array'], 'one-element array'],
      [[['nested once more']], 'nested once more'],
      [{ b64: Buffer.from('bytes').toString('base64') }, 'bytes'],
      [[{ b64: Buffer.from('b64 in an array').toString('base64') }], 'b64 in an array'],
      [{ inputs: 'named input' }, 'named input'],
      [{ inputs: ['named one-element array'] }, 'named one-element array'],
      [{ text: 'any other name' }, keyed('text', `JSON object: does not have named input: text \\(the model's input is "inputs"\\)`)],
      [{ inputs: 'x', lang: 'en' }, keyed('lang', 'JSON object: does not have named input: lang .*')],
      [{}, /^Failed to process element: 0 of 'instances' list\. JSON object: \{\} keys must be equal to: inputs$/],
      [{ b64: 5 }, keyed('b64', 'JSON object: does not have named input: b64 .*')],
      [{ b64: 'not base64!' }, element('Unable to base64 decode')],
      [['a', 'b'], /^one text per instance: .* got a tensor of shape \[N,2\]$/],
      [[], /^one text per instance: .* got a tensor of shape \[N,0\]$/],
      [['a', ['b']], element('Encountered list at unexpected level: 1 expected < 1')],
      [[['a'], 'b'], element('JSON Value: "b" found at incorrect level: 2 in the JSON DOM\\. Expected at level: 2')],
      [[['a'], ['b', 'c']], element('Encountered list at unexpected size: 2 at level: 1 expected size: 1')],
      [5, element('JSON Value: 5 Type: Number is not of expected type: string')],
      [null, element('JSON Value: null Type: Null is not of expected type: string')],
      [[true], element('JSON Value: true Type: True is not of expected type: string')],
      // JsonValueToString pretty-prints (rapidjson PrettyWriter).
      [{ inputs: { nested: 'x' } }, keyed('inputs', 'JSON Value: \\{\\n    "nested": "x"\\n\\} not formatted correctly for base64 data')],
    ];
    await env.put('in/shapes.jsonl', cases.map(([instance]) => JSON.stringify(instance)).join('\n'));
    const { results, errors } = await run({}, 'in/shapes.jsonl', { manualBatchTuningParameters: { batchSize: 1 } });
    const predicted = new Map(results.map((r) => [JSON.stringify(r.instance), r.prediction as number[]]));
    const failed = new Map(errors.map((r) => [JSON.stringify(r.instance), r.error.message]));
    for (const [instance, expected] of cases) {
      const key = JSON.stringify(instance);
      if (typeof expected === 'string') {
        assert.ok(predicted.has(key), `${key} should be predicted; error: ${failed.get(key)}`);
        assert.equal(predicted.get(key)?.[0], expected.length, key);
      } else {
        assert.match(failed.get(key) ?? `(no error row for ${key})`, expected, key);
      }
    }
    assert.deepEqual(batches.flat(), cases.filter(([, e]) => typeof e === 'string').map(([, text]) => text));
  });
});
