// The ordered join on shuffled multi-shard outputs with error rows and missing rows, with runs small enough
// that every sort spills to disk.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson, joinResults, type JoinedRow, type ResultRow } from '../../jobs/results-join';

const SMALL_RUNS = 512; // bytes: forces dozens of runs for these inputs

async function runJoin(input: string[], results: ResultRow[], keyField: string | undefined, ordered: boolean) {
  const tmpDir = await mkdtemp(join(tmpdir(), 'join-test-'));
  try {
    const { rows, report } = joinResults({ input: input, results: toAsync(results), keyField, ordered, tmpDir, maxRunBytes: SMALL_RUNS });
    const out: JoinedRow[] = [];
    for await (const row of rows) out.push(row);
    return { out, report };
  } finally {
    await rm(tmpDir, { recursive: true, force: true });
  }
}

async function* toAsync<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

/** Deterministic shuffle (LCG), so a failure reproduces. */
function shuffled<T>(items: T[], seed: number): T[] {
  const copy = [...items];
  let state = seed;
  for (let i = copy.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

describe('joinResults', () => {
  // 60 input lines: sentences; line 30 is blank; every 7th gets an error row; every 11th gets nothing.
  const input = Array.from({ length: 60 }, (_, i) => (i === 29 ? '' : JSON.stringify(`sentence number ${i + 1}`)));
  const fate = (line: number) => (line % 11 === 0 ? 'missing' : line % 7 === 0 ? 'error' : 'prediction');
  const rowsFor = (line: number): ResultRow[] => {
    const instance = JSON.parse(input[line - 1]);
    if (fate(line) === 'missing') return [];
    if (fate(line) === 'error') return [{ kind: 'error', line: JSON.stringify({ instance, error: { code: 3, message: 'bad' } }) }];
    return [{ kind: 'prediction', line: JSON.stringify({ instance, prediction: [line, -line] }) }];
  };
  const nonBlank = input.flatMap((text, i) => (text === '' ? [] : [i + 1]));

  it('writes every row in input order, reports missing lines, from shuffled shards', async () => {
    const results = shuffled(nonBlank.flatMap(rowsFor), 42);
    const { out, report } = await runJoin(input, results, undefined, true);
    const expectedLines = nonBlank.filter((line) => fate(line) !== 'missing');
    assert.deepEqual(out.map((r) => r.inputLine), expectedLines);
    for (const row of out) {
      assert.equal(JSON.parse(row.line).instance, `sentence number ${row.inputLine}`);
      assert.equal(row.kind, fate(row.inputLine));
    }
    assert.deepEqual(report.missingLines, [11, 22, 33, 44, 55]);
    assert.equal(report.missing, 5);
    assert.equal(report.inputs, 59);
    assert.equal(report.errors, expectedLines.filter((l) => fate(l) === 'error').length);
    assert.equal(report.duplicateInputs, 0);
  });

  it('joins by keyField when the job used one (the key is echoed instead of the instance)', async () => {
    const keyed = Array.from({ length: 40 }, (_, i) => JSON.stringify({ id: `k${i + 1}`, text: `t${i + 1}` }));
    const results = shuffled(
      keyed.map((_, i): ResultRow => ({ kind: 'prediction', line: JSON.stringify({ key: `k${i + 1}`, prediction: [i + 1] }) })),
      7,
    ).filter((row) => JSON.parse(row.line).key !== 'k13');
    const { out, report } = await runJoin(keyed, results, 'id', true);
    assert.deepEqual(out.map((r) => r.inputLine), Array.from({ length: 40 }, (_, i) => i + 1).filter((l) => l !== 13));
    for (const row of out) assert.deepEqual(JSON.parse(row.line).prediction, [row.inputLine]);
    assert.deepEqual(report.missingLines, [13]);
  });

  it('matches instances regardless of key order and warns about duplicate instances', async () => {
    const dupInput = ['{"a":1,"b":2}', '{"b":2,"a":1}', '{"a":3}'];
    const results: ResultRow[] = [
      { kind: 'prediction', line: '{"instance":{"a":3},"prediction":[3]}' },
      { kind: 'prediction', line: '{"instance":{"b":2,"a":1},"prediction":[1]}' },
      { kind: 'prediction', line: '{"instance":{"a":1,"b":2},"prediction":[2]}' },
      { kind: 'prediction', line: '{"instance":{"zzz":0},"prediction":[0]}' },
    ];
    const { out, report } = await runJoin(dupInput, results, undefined, true);
    assert.deepEqual(out.map((r) => r.inputLine), [1, 2, 3]);
    assert.equal(report.duplicateInputs, 1);
    assert.equal(report.unmatchedRows, 1);
  });

  it('without --ordered still pairs every row with its input line', async () => {
    const results = shuffled(nonBlank.flatMap(rowsFor), 3);
    const { out } = await runJoin(input, results, undefined, false);
    assert.equal(out.length, results.length);
    for (const row of out) assert.equal(JSON.parse(row.line).instance, `sentence number ${row.inputLine}`);
  });

  it('canonicalJson sorts keys at every level', () => {
    assert.equal(canonicalJson({ b: [{ d: 1, c: 2 }], a: 'x' }), '{"a":"x","b":[{"c":2,"d":1}]}');
  });
});
