// instanceConfig as Vertex documents it for JSONL objects: keyField reported as `key` instead of the
// instance, includedFields / excludedFields, instanceType object / array.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type ExecutorEnv, jsonlInput, recordingPredictor, resultsRows, startExecutorEnv } from './executor-env';

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

  const run = async (instanceConfig: object) => {
    const job = await env.runJob({ ...jsonlInput('in/objects.jsonl'), instanceConfig });
    assert.equal(job.state, 'JOB_STATE_SUCCEEDED', job.error?.message ?? '');
    const files = await env.readFolder(job.outputInfo?.gcsOutputDirectory ?? '');
    const { predictions, errors } = resultsRows(files.get('prediction.results-00000-of-00001'));
    return { results: predictions, errors };
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

  it('without a selection, an object with extra fields is not a valid input for a one-input model', async () => {
    const { results, errors } = await run({});
    assert.deepEqual(results.map((r) => r.instance), ['plain string']);
    assert.match(errors[0].error.message, /JSON object: does not have named input: id \(the model's input is "inputs"\)/);
  });

  it('instanceType array with includedFields sends the values in that order (not a string: a row error)', async () => {
    const { results, errors } = await run({ instanceType: 'array', includedFields: ['inputs'] });
    assert.equal(results.length, 0);
    assert.equal(errors.length, 3);
    assert.match(errors[0].error.message, /JSON Value: \["first text"\] Type: Array is not of expected type: string/);
  });

  it('includedFields naming a field a line lacks makes that line an error row', async () => {
    const { errors } = await run({ includedFields: ['inputs', 'title'] });
    assert.match(errors[0].error.message, /instance has no field "title" listed in included_fields/);
  });
});
