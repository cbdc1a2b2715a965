// `vertex-embeddings:adopt` refused at preview, before any call: each bad value named by its config path, with what
// is allowed (one row per mistake, every message asserted), and every problem reported at once.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, parseStackConfig } from '../../infra/config';

const PROJECT = 'my-embeddings-dev';
const MODEL = `projects/${PROJECT}/locations/us-central1/models/1234567890`;
const JOB = `projects/${PROJECT}/locations/us-central1/batchPredictionJobs/987654321`;

const parse = (adopt: unknown, more: Record<string, unknown> = {}) =>
  parseStackConfig({ 'gcp:project': PROJECT, 'gcp:region': 'us-central1', environment: 'dev', model: { source: 'fixture' }, adopt, ...more }, 'dev');

const CASES: { name: string; adopt: unknown; more?: Record<string, unknown>; message: string }[] = [
  {
    name: 'a model name of the wrong shape',
    adopt: { model: 'use-lite' },
    message: `adopt.model: "use-lite" is not a model resource name; expected projects/PROJECT/locations/REGION/models/ID[@VERSION]; allowed: projects/${PROJECT}/locations/us-central1/models/ID[@VERSION]`,
  },
  {
    name: 'a model in another region',
    adopt: { model: `projects/${PROJECT}/locations/europe-west4/models/1` },
    message: `adopt.model: "projects/${PROJECT}/locations/europe-west4/models/1" is in europe-west4, not in us-central1; adopt a resource of the same region; allowed: projects/${PROJECT}/locations/us-central1/models/ID[@VERSION]`,
  },
  {
    name: 'a model in another project',
    adopt: { model: 'projects/other-project/locations/us-central1/models/1' },
    message: `adopt.model: "projects/other-project/locations/us-central1/models/1" is in project other-project, not in ${PROJECT}; allowed: projects/${PROJECT}/locations/us-central1/models/ID[@VERSION]`,
  },
  {
    name: 'a model version when versions are registered under a parent',
    adopt: { model: `${MODEL}@2` },
    more: { model: { source: 'fixture', registration: 'version' } },
    message: `adopt.model: "${MODEL}@2" names a version, but model.registration is version: the stack adopts the parent model and registers its artifact as a new version under it; allowed: projects/${PROJECT}/locations/us-central1/models/ID`,
  },
  {
    name: 'a model that is not a string',
    adopt: { model: 42 },
    message: 'adopt.model: 42 must be a model resource name; allowed: projects/PROJECT/locations/REGION/models/ID[@VERSION]',
  },
  {
    name: 'a job key the notebook stack does not have',
    adopt: { jobs: { tickets: JOB } },
    message: 'adopt.jobs: key "tickets" is not a job of this stack; allowed: sentences-jsonl, sentences-file-list',
  },
  {
    name: 'a job key not among the configured jobs',
    adopt: { jobs: { 'sentences-jsonl': JOB } },
    more: { jobs: { tickets: { input: { format: 'jsonl', uris: ['gs://other-bucket/t.jsonl'] } } } },
    message: 'adopt.jobs: key "sentences-jsonl" is not a job of this stack; allowed: tickets',
  },
  {
    name: 'a model name given as a job',
    adopt: { jobs: { 'sentences-jsonl': MODEL } },
    message: `adopt.jobs.sentences-jsonl: "${MODEL}" is not a batch prediction job resource name; expected projects/PROJECT/locations/REGION/batchPredictionJobs/ID; allowed: projects/${PROJECT}/locations/us-central1/batchPredictionJobs/ID`,
  },
  {
    name: 'a job in another region',
    adopt: { jobs: { 'sentences-file-list': `projects/${PROJECT}/locations/us-east1/batchPredictionJobs/5` } },
    message: `adopt.jobs.sentences-file-list: "projects/${PROJECT}/locations/us-east1/batchPredictionJobs/5" is in us-east1, not in us-central1; adopt a resource of the same region; allowed: projects/${PROJECT}/locations/us-central1/batchPredictionJobs/ID`,
  },
  {
    name: 'a job name that is not a string',
    adopt: { jobs: { 'sentences-jsonl': 987654321 } },
    message: 'adopt.jobs.sentences-jsonl: 987654321 must be a batch prediction job resource name; allowed: projects/PROJECT/locations/REGION/batchPredictionJobs/ID',
  },
  {
    name: 'jobs given as a list',
    adopt: { jobs: ['987654321'] },
    message: `adopt.jobs: ["987654321"] must be a map of job key to job resource name; allowed: e.g. {sentences-jsonl: projects/PROJECT/locations/REGION/batchPredictionJobs/ID}`,
  },
  { name: 'an unknown key', adopt: { endpoint: 'x' }, message: 'adopt.endpoint: unknown config key; allowed: model, jobs' },
  { name: 'not a map', adopt: 'projects/x', message: 'adopt: "projects/x" must be a map; allowed keys: model, jobs' },
];

describe('adopt config: bad input is refused with its config path', () => {
  for (const c of CASES) {
    it(c.name, () => {
      assert.throws(() => parse(c.adopt, c.more), (error: unknown) => {
        assert.ok(error instanceof ConfigError, String(error));
        assert.deepEqual(error.problems, [c.message]);
        return true;
      });
    });
  }

  it('every problem at once, with the other keys\' problems', () => {
    assert.throws(
      () => parse({ model: 'use-lite', jobs: { tickets: JOB, 'sentences-jsonl': 'x' } }, { labels: { environment: 'prod' } }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.deepEqual(error.problems.map((p) => p.split(':')[0]), ['labels.environment', 'adopt.model', 'adopt.jobs', 'adopt.jobs.sentences-jsonl']);
        return true;
      },
    );
  });
});

describe('adopt config: accepted names', () => {
  it('keeps the model and jobs by key; a project number (as Vertex names carry it) is accepted', () => {
    const numbered = 'projects/123456789012/locations/us-central1/batchPredictionJobs/5';
    const config = parse({ model: `${MODEL}@3`, jobs: { 'sentences-jsonl': JOB, 'sentences-file-list': numbered } });
    assert.deepEqual(config.adopt, { model: `${MODEL}@3`, jobs: { 'sentences-jsonl': JOB, 'sentences-file-list': numbered } });
  });

  it('nothing to adopt when the key is absent', () => {
    assert.deepEqual(parseStackConfig({ 'gcp:project': PROJECT, 'gcp:region': 'us-central1', environment: 'dev' }, 'dev').adopt, { jobs: {} });
  });
});
