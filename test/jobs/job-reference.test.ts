// `npm run results -- --job KEY --stack S`: a job key of the stack (its own jobs, or the notebook's) is looked up by
// the display name the stack gives that job, `<namePrefix>-<key>`; anything else is passed on as a name or id.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseStackConfig } from '../../infra/config';
import { jobReference } from '../../local/cli/notebook';

const base = { 'gcp:project': 'my-embeddings-dev', 'gcp:region': 'us-central1', environment: 'dev' };

test('a config job key names its job; other values pass through', () => {
  const root = mkdtempSync(join(tmpdir(), 'job-ref-'));
  writeFileSync(join(root, 'tickets.jsonl'), '"a"\n');
  const config = parseStackConfig({ ...base, jobs: { tickets: { input: { format: 'jsonl', files: ['tickets.jsonl'] } } } }, 'dev', { projectRoot: root });
  assert.equal(jobReference(config, 'tickets'), 'use-91c075-tickets');
  assert.equal(jobReference(config, 'sentences-jsonl'), 'sentences-jsonl');
  assert.equal(jobReference(config, '1234567'), '1234567');
});

test('without jobs, the notebook\'s keys name its jobs', () => {
  assert.equal(jobReference(parseStackConfig(base, 'dev'), 'sentences-jsonl'), 'use-91c075-sentences-jsonl');
});
