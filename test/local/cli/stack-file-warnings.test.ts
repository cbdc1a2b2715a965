// npm start and the local CLIs read the stack file themselves (no engine): the config warnings `pulumi preview`
// shows (a serving image near its end of availability) must reach their users too, not vanish.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withStackProject } from '../../helpers/stack-project';
import { loadStackConfig } from '../../../local/cli/stack-file';

test('a stack whose serving image ends availability within 90 days: loadStackConfig passes the warning on', async () => {
  const stackFile = 'config:\n  gcp:project: my-embeddings-dev\n  gcp:region: us-central1\n  vertex-embeddings:environment: dev\n  vertex-embeddings:prediction:\n    tfVersion: "2.15"\n';
  await withStackProject('dev', stackFile, (root) => {
    const warnings: string[] = [];
    loadStackConfig('dev', root, { warn: (message) => warnings.push(message), today: new Date('2027-01-01T00:00:00Z') });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /^prediction\.tfVersion: "2\.15": .* end of availability on 2027-01-14 \(in 13 days/);

    const quiet: string[] = [];
    loadStackConfig('dev', root, { warn: (message) => quiet.push(message), today: new Date('2026-06-01T00:00:00Z') });
    assert.deepEqual(quiet, [], 'no warning months before the date');
  });
});
