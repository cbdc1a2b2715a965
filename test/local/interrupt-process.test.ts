// Ctrl-C as a user sends it: real SIGINT / SIGTERM to `npm run predict` and `npm start` child processes. The run
// stops, deletes what it created, removes its temporary folders (the child's TMPDIR is empty afterwards), says
// what it cleaned and exits 130. (A second Ctrl-C: test/local/cli/interrupt.test.ts.)
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFixture } from '../../model/fixture/generate';
import { exportSavedModel } from '../../model/savedmodel/export';

const ROOT = join(__dirname, '..', '..');

/** What the run left in its TMPDIR, less tsx's own compile cache (tsx-<uid>), which is not the run's. */
const ownTempFolders = async (tmp: string) => (await readdir(tmp)).filter((name) => !/^tsx-\d+$/.test(name));

interface Run {
  code: number | null;
  output: string;
}

/** Starts `script`, sends `signals` once `ready` appears in its output, and resolves when it exits. */
function interrupt(script: string, args: string[], env: NodeJS.ProcessEnv, ready: (output: string) => boolean, signals: NodeJS.Signals[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, script), ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let output = '';
    let sent = false;
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (!sent && ready(output)) {
        sent = true;
        for (const signal of signals) child.kill(signal);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('Ctrl-C and SIGTERM (process)', () => {
  let dir: string;
  let modelDir: string;
  let input: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'interrupt-process-'));
    const fixture = await writeFixture(join(dir, 'fixture'));
    modelDir = (await exportSavedModel({ sourceDir: fixture.outDir, outDir: join(dir, 'savedmodel') })).outDir;
    input = join(dir, 'many.jsonl');
    // Enough rows that the run is still embedding when the signal arrives.
    await writeFile(input, Array.from({ length: 200_000 }, (_, i) => JSON.stringify(`sentence number ${i} of a long input`)).join('\n'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const freshTmp = async (name: string) => {
    const tmp = join(dir, name);
    await mkdir(tmp);
    return tmp;
  };

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`npm run predict, ${signal} while running: stops, removes its temporary folders and partial output, exits 130`, async () => {
      const tmp = await freshTmp(`tmp-predict-${signal}`);
      const out = join(dir, `out-${signal}`);
      const run = await interrupt('local/cli/predict.ts', ['--model', modelDir, '--input', input, '--format', 'jsonl', '--out', out], { TMPDIR: tmp }, (output) => output.includes('running the batch prediction executor'), [signal]);
      assert.equal(run.code, 130, run.output);
      assert.match(run.output, new RegExp(`${signal}: stopping; cleaning up what this run created`));
      assert.match(run.output, /cleaned: the local GCS emulator and its bytes \(.*predict-gcs-/);
      assert.match(run.output, /interrupted: exit code 130/);
      assert.deepEqual(await ownTempFolders(tmp), [], 'no temporary folder left behind');
      assert.equal(await readdir(out).catch(() => 'absent'), 'absent', 'no output folder from an interrupted run');
    });
  }

  it('npm start, Ctrl-C while the jobs run: deletes the jobs and the model, removes temporary folders, exits 130', async () => {
    const tmp = await freshTmp('tmp-start');
    const keep = join(dir, 'kept');
    const env = { TMPDIR: tmp, XDG_CACHE_HOME: join(dir, 'empty-cache'), MODEL_EXPORT_DIR: join(dir, 'model-export') };
    // Once both jobs exist (the provider logs their states while it waits).
    const bothJobsRun = (output: string) => new Set(output.match(/batchPredictionJobs\/\d+(?=: JOB_STATE_)/g) ?? []).size >= 2;
    const run = await interrupt('local/main.ts', ['--keep', keep], env, bothJobsRun, ['SIGINT']);
    assert.equal(run.code, 130, run.output);
    assert.match(run.output, /SIGINT: stopping; cleaning up what this run created/);
    assert.match(run.output, /deleted model projects\/.*\/models\//);
    assert.match(run.output, /deleted job projects\/.*\/batchPredictionJobs\//);
    assert.match(run.output, /cleaned: the jobs and the model this run created/);
    assert.match(run.output, /cleaned: the local GCS and Vertex AI emulators/);
    assert.doesNotMatch(run.output, /could not clean/);
    assert.deepEqual(await ownTempFolders(tmp), [], 'no temporary folder left behind');
    assert.equal(await readdir(keep).catch(() => 'absent'), 'absent', 'nothing kept from an interrupted run');
  });
});
