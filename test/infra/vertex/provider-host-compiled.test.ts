// The `pulumi up` path: the providers compiled by tsc into a bin/ tree (Pulumi.yaml `main: bin/infra/index.js`),
// serialized from the compiled resources.js, and run by the real dynamic-provider host with plain node (no tsx).
// Proves the serialized shim points at `bin/infra/vertex/*.js` relative to the project root and that the compiled
// modules find their own dependencies there.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startVertexEmulator, type VertexEmulator } from '../../../local/emulator/vertex/server';
import { type ProviderHost, serializeProvider, startProviderHost } from '../../helpers/provider-host';
import { jobInputs, modelInputs } from './fixture';

const ROOT = join(__dirname, '..', '..', '..');

describe('compiled providers (bin/*.js) through the host without tsx', () => {
  let project: string;
  let emulator: VertexEmulator;
  let host: ProviderHost;
  let texts: { model: string; job: string };

  before(async () => {
    // A project root of its own: package.json + node_modules + bin/ compiled with the repo's compiler options.
    project = mkdtempSync(join(tmpdir(), 'vertex-bin-'));
    copyFileSync(join(ROOT, 'package.json'), join(project, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'), 'dir');
    const sources = readdirSync(join(ROOT, 'infra', 'vertex')).filter((f) => f.endsWith('.ts')).map((f) => join('infra', 'vertex', f));
    execFileSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'ES2022',
        '--strict', '--esModuleInterop', '--skipLibCheck', '--resolveJsonModule', '--types', 'node', '--rootDir', '.', '--outDir', join(project, 'bin'), ...sources],
      { cwd: ROOT, stdio: 'pipe' },
    );
    const compiled = require(join(project, 'bin', 'infra', 'vertex', 'resources.js')) as typeof import('../../../infra/vertex/resources');
    texts = { model: await serializeProvider(compiled.modelProvider), job: await serializeProvider(compiled.batchJobProvider) };
    emulator = await startVertexEmulator({ jobPhaseMs: { queued: 0, pending: 0, running: 0, cancelling: 0 } });
    host = await startProviderHost({ VERTEX_EMULATOR_HOST: emulator.host }, { cwd: project, typescript: false });
  });
  after(async () => {
    await host?.close();
    await emulator?.close();
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it('serializes a shim that points at bin/infra/vertex/*.js', () => {
    assert.match(texts.job, /modulePath: "bin\/infra\/vertex\/batch-job-provider\.js", factory: "createBatchJobProvider"/);
    assert.match(texts.model, /modulePath: "bin\/infra\/vertex\/model-provider\.js", factory: "createModelProvider"/);
  });

  it('registers a model and runs a job to SUCCEEDED, then deletes both', async () => {
    const model = await host.create({ ...modelInputs(), __provider: texts.model });
    const job = await host.create({ ...jobInputs(model.id), __provider: texts.job });
    assert.equal(job.properties.state, 'JOB_STATE_SUCCEEDED');
    await host.delete(job.id, job.properties);
    await host.delete(model.id, model.properties);
    assert.equal((await host.read(model.id, model.properties)).id, '');
  });
});
