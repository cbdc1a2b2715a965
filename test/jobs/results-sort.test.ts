import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { externalSort, padIndex } from '../../jobs/results-sort';

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const line of lines) out.push(line);
  return out;
}

describe('externalSort', () => {
  it('sorts through spilled runs exactly as an in-memory sort, and removes its run files', async () => {
    const tmpDir = await mkdtemp(join(tmpdir(), 'sort-test-'));
    try {
      // A deterministic shuffle of 5,000 keyed lines, with repeated keys.
      const lines = Array.from({ length: 5000 }, (_, i) => `${padIndex((i * 7919) % 1000)}\tpayload ${i}`);
      const sorted = await collect(externalSort(lines, { tmpDir, maxRunBytes: 4096 }));
      assert.deepEqual(sorted, [...lines].sort());
      assert.deepEqual(await readdir(tmpDir), []);
    } finally {
      await rm(tmpDir, { recursive: true, force: true });
    }
  });

  it('orders padded indexes numerically', async () => {
    const sorted = await collect(externalSort([padIndex(10), padIndex(9), padIndex(100)], { tmpDir: tmpdir() }));
    assert.deepEqual(sorted.map(Number), [9, 10, 100]);
  });

  it('refuses a line with a newline (it would split into two records)', async () => {
    await assert.rejects(collect(externalSort(['a\nb'], { tmpDir: tmpdir() })), /line contains a newline/);
  });
});
