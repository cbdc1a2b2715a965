// `npm start` as a user runs it: a child process, its output and its exit code.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function npmStart(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'local', 'main.ts'), ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm start (process)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'npm-start-process-'));
    env = { XDG_CACHE_HOME: join(dir, 'empty-cache'), MODEL_EXPORT_DIR: join(dir, 'model-export') };
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('exits 0 after printing both jobs\' first predictions and where the outputs are', async () => {
    const keep = join(dir, 'kept');
    const run = await npmStart(['--keep', keep], env);
    assert.equal(run.code, 0, run.stderr);
    assert.equal((run.stdout.match(/"prediction": \[.*\(512 values\)\]/g) ?? []).length, 2);
    assert.ok(run.stdout.includes(`done: outputs kept in ${keep}`));
    assert.deepEqual((await readdir(keep)).sort(), ['sentences-file-list', 'sentences-jsonl']);
  });

  it('exits 1 with the reason on failure, 2 on a bad flag', async () => {
    const badStack = await npmStart(['--stack', 'staging', '--keep', join(dir, 'unused')], env);
    assert.equal(badStack.code, 1);
    assert.match(badStack.stderr, /npm start failed: --stack: no stack file/);
    const badFlag = await npmStart(['--stacks', 'dev'], env);
    assert.equal(badFlag.code, 2);
    assert.match(badFlag.stderr, /Unknown option '--stacks'/);
  });
});
