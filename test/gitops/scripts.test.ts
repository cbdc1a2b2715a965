// The two CI helper scripts: which stacks a PR previews, and the gate in front of `pulumi destroy`.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { affectedStacks, stacksIn } from '../../.github/scripts/affected-stacks';
import { destroyRefusal } from '../../.github/scripts/destroy-guard';
import { parseStackConfig } from '../../infra/config';

describe('affectedStacks', () => {
  const stacks = ['dev', 'prod'];
  it('previews only the stack whose config file changed', () => {
    assert.deepEqual(affectedStacks(['Pulumi.prod.yaml', 'README.md'], stacks), ['prod']);
    assert.deepEqual(affectedStacks(['Pulumi.dev.yaml'], stacks), ['dev']);
  });
  it('previews every stack when the program, model export, policy or dependencies change', () => {
    for (const file of ['infra/platform.ts', 'model/export.ts', 'jobs/notebook.ts', 'policy/index.ts', 'Pulumi.yaml', 'package-lock.json', '.github/workflows/pulumi-stack.yml']) {
      assert.deepEqual(affectedStacks([file], stacks), ['dev', 'prod'], file);
    }
  });
  it('previews nothing for docs, tests and local tooling', () => {
    assert.deepEqual(affectedStacks(['README.md', 'test/infra/config.test.ts', 'local/main.ts', 'infrastructure.md'], stacks), []);
  });
  it('ignores a stack file that is not one of the stacks (e.g. deleted in the PR)', () => {
    assert.deepEqual(affectedStacks(['Pulumi.staging.yaml'], stacks), []);
  });
  it('finds stacks from the Pulumi.<stack>.yaml files only', () => {
    assert.deepEqual(stacksIn(['Pulumi.yaml', 'Pulumi.prod.yaml', 'Pulumi.dev.yaml', 'PulumiPolicy.yaml', 'package.json']), ['dev', 'prod']);
  });
});

describe('destroyRefusal', () => {
  const knownStacks = ['dev', 'prod'];
  const base = { 'gcp:project': 'acme-embeddings', 'gcp:region': 'us-central1' };
  const configs: Record<string, Record<string, unknown>> = { dev: { ...base, environment: 'dev' }, prod: { ...base, environment: 'prod' } };
  const loadConfig = (stack: string) => parseStackConfig(configs[stack]!, stack);

  it('allows a non-protected stack when its name is typed again exactly', () => {
    assert.equal(destroyRefusal({ stack: 'dev', confirm: 'dev', knownStacks, loadConfig }), undefined);
  });
  it('refuses when the confirmation does not match, before reading any config', () => {
    const never = () => assert.fail('config read before the confirmation was checked');
    assert.match(destroyRefusal({ stack: 'dev', confirm: 'Dev', knownStacks, loadConfig: never })!, /confirm: "Dev" does not match the stack name; allowed: exactly "dev"/);
    assert.match(destroyRefusal({ stack: 'dev', confirm: '', knownStacks, loadConfig: never })!, /confirm: "" does not match/);
  });
  it('refuses a protected (prod) stack even when confirmed', () => {
    assert.match(destroyRefusal({ stack: 'prod', confirm: 'prod', knownStacks, loadConfig })!, /stack: "prod" is a protected stack \(environment: prod, protected bucket\)/);
  });
  it('refuses an unknown stack, naming the known ones', () => {
    assert.match(destroyRefusal({ stack: 'qa', confirm: 'qa', knownStacks, loadConfig })!, /stack: "qa" has no Pulumi\.qa\.yaml in this repository; allowed: dev, prod/);
  });
  it('refuses a stack whose config does not validate, with the config error', () => {
    const broken = () => parseStackConfig({ ...base }, 'dev');
    assert.match(destroyRefusal({ stack: 'dev', confirm: 'dev', knownStacks, loadConfig: broken })!, /has an invalid config.*environment: missing/s);
  });
});
