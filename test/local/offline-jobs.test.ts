// `npm start` flags for a stack's own jobs: --map values are checked before anything starts, and a mapped folder
// stands in for the objects under its gs:// prefix, under the same object names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../local/cli/args';
import { mappedObjects, parseMaps } from '../../local/cli/offline-jobs';
import type { JobDefinition } from '../../jobs/notebook-jobs';

test('--map takes gs://BUCKET/PREFIX=DIR and names a bad value', () => {
  assert.deepEqual(parseMaps(['gs://other-bucket/corpus/=data/corpus']), [{ uri: 'gs://other-bucket/corpus', dir: 'data/corpus' }]);
  assert.throws(() => parseMaps(['/data/corpus']), (error: unknown) => error instanceof UsageError && /--map: "\/data\/corpus" is not gs:\/\/BUCKET\/PREFIX=LOCAL_DIR/.test(error.message));
});

test('a mapped folder becomes the objects under its prefix, for the jobs that read them only', () => {
  const dir = mkdtempSync(join(tmpdir(), 'map-'));
  mkdirSync(join(dir, 'nested'));
  writeFileSync(join(dir, 'part-1.jsonl'), '"a"\n');
  writeFileSync(join(dir, 'nested', 'part-2.jsonl'), '"b"\n');
  const job = { key: 'corpus', foreignSources: ['gs://other-bucket/corpus/*.jsonl'] } as JobDefinition;
  const maps = [{ uri: 'gs://other-bucket/corpus', dir }, { uri: 'gs://unused/x', dir: '/nonexistent' }];
  assert.deepEqual(
    mappedObjects([job], maps).map((o) => `${o.bucket}/${o.name}`).sort(),
    ['other-bucket/corpus/nested/part-2.jsonl', 'other-bucket/corpus/part-1.jsonl'],
  );
});
