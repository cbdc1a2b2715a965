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

  it('stores no absolute path in state, so a moved project folder still loads its providers', () => {
    for (const text of [texts.job, texts.model]) assert.ok(!text.includes(project), 'the serialized shim names the project folder');
  });

  it('loads the providers when the host runs in bin/infra, the working directory the engine gives it', async () => {
    // pulumi/pulumi pkg/engine/project.go getPwdMain: with `main: bin/infra/index.js` the language host and every
    // plugin, the dynamic-provider one included, start in dirname(main).
    const engineLike = await startProviderHost({ VERTEX_EMULATOR_HOST: emulator.host }, { cwd: join(project, 'bin', 'infra'), typescript: false });
    try {
      const model = await engineLike.create({ ...modelInputs(), __provider: texts.model });
      const { failures } = await engineLike.check({}, { ...jobInputs(model.id), __provider: texts.job });
      assert.deepEqual(failures, []);
      await engineLike.delete(model.id, model.properties);
    } finally {
      await engineLike.close();
    }
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
