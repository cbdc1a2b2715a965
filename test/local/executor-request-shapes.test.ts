// TF Serving converts the instances of one request together (tensorflow/serving json_tensor.cc,
// FillTensorMapFromInstancesList): the first instance fixes the form (object or value) and the shape every other
// one must have, and any bad instance fails the whole request with one message. Vertex sends
// manualBatchTuningParameters.batchSize instances per request, so every instance of such a batch is an error
// row carrying that message, while the other batches of the file are predicted.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseErrorStatLine } from '../../jobs/errors-stats';
import { jsonlInput, recordingExecutorSuite, resultsRows } from './executor-env';

const RESULTS = 'prediction.results-00000-of-00001';
const ERRORS_STATS = 'prediction.errors_stats-00000-of-00001';

describe('executor: the instances of one request share the form and shape of its first', () => {
  const { env, batches } = recordingExecutorSuite();

  const run = async (object: string, jsonLines: unknown[], batchSize: number) => {
    await env().put(object, jsonLines.map((line) => JSON.stringify(line)).join('\n'));
    const job = await env().runJob({ ...jsonlInput(object), manualBatchTuningParameters: { batchSize } });
    assert.equal(job.state, 'JOB_STATE_SUCCEEDED', job.error?.message ?? '');
    const files = await env().readFolder(job.outputInfo?.gcsOutputDirectory ?? '');
    const stats = (files.get(ERRORS_STATS) ?? '').split('\n').filter(Boolean).map(parseErrorStatLine);
    return { job, stats, ...resultsRows(files.get(RESULTS)) };
  };

  it('a string next to a one-element array in a batch of 2: both rows fail with the shape error, nothing is predicted', async () => {
    const { job, predictions, errors, stats } = await run('in/mixed-pair.jsonl', ['plain text', ['array text']], 2);
    const message = "Failed to process element: 1 of 'instances' list. Error: INVALID_ARGUMENT: Expecting shape [] but got: [1]";
    assert.deepEqual(predictions, []);
    assert.deepEqual(errors, [
      { instance: 'plain text', error: { status: 'INVALID_ARGUMENT', message } },
      { instance: ['array text'], error: { status: 'INVALID_ARGUMENT', message } },
    ]);
    assert.deepEqual(stats, [{ message, count: 2 }]);
    assert.equal(job.completionStats?.successfulCount, '0');
    assert.equal(job.completionStats?.failedCount, '2');
    assert.deepEqual(batches, [], 'a rejected request never reaches the model');
  });

  it('mixed lines in different batches: only the batches holding them fail, each with the error of its first bad instance', async () => {
    const lines: unknown[] = [
      'a', 'b', // batch 1: strings
      ['c'], ['d'], // batch 2: one-element arrays (another form than batch 1 is fine)
      'e', ['f'], // batch 3: string, then array
      { inputs: 'g' }, 'h', // batch 4: object, then value
      'i', { inputs: 'j' }, // batch 5: value, then object
      ['k'], ['l', 'm'], // batch 6: one string, then two
      'n', 5, // batch 7: a number among strings
      { text: 'o' }, { inputs: 'p' }, // batch 8: the first object names no input of the model
      'q', // batch 9: alone
    ];
    const { job, predictions, errors, stats } = await run('in/mixed-batches.jsonl', lines, 2);

    assert.deepEqual(predictions.map((row) => row.instance), ['a', 'b', ['c'], ['d'], 'q']);
    assert.deepEqual(batches, [['a', 'b'], ['c', 'd'], ['q']]);
    const failed = [
      ['e', ['f'], "Failed to process element: 1 of 'instances' list. Error: INVALID_ARGUMENT: Expecting shape [] but got: [1]"],
      [{ inputs: 'g' }, 'h', 'Expecting object but got list at item 1 of input list'],
      ['i', { inputs: 'j' }, 'Expecting value/list but got object at item 1 of input list'],
      [['k'], ['l', 'm'], "Failed to process element: 1 of 'instances' list. Error: INVALID_ARGUMENT: Expecting tensor size: 1 but got: 2"],
      ['n', 5, "Failed to process element: 1 of 'instances' list. Error: INVALID_ARGUMENT: JSON Value: 5 Type: Number is not of expected type: string"],
      [
        { text: 'o' },
        { inputs: 'p' },
        `Failed to process element: 0 key: text of 'instances' list. Error: INVALID_ARGUMENT: JSON object: does not have named input: text (the model's input is "inputs")`,
      ],
    ] as const;
    assert.deepEqual(
      errors.map((row) => [row.instance, row.error.status, row.error.message]),
      failed.flatMap(([first, second, message]) => [
        [first, 'INVALID_ARGUMENT', message],
        [second, 'INVALID_ARGUMENT', message],
      ]),
    );
    assert.deepEqual(
      stats.map((stat) => stat && [stat.message, stat.count]).sort(),
      failed.map(([, , message]) => [message, 2]).sort(),
    );
    assert.equal(job.completionStats?.successfulCount, '5');
    assert.equal(job.completionStats?.failedCount, String(2 * failed.length));
    assert.equal(predictions.length + errors.length, lines.length, 'every input line has a row');
  });
});
