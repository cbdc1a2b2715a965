// Each policy rule against the dev program's own resources (evaluated under mocks): the real resources pass, and
// the same resources with one promise broken fail with a message naming the property.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type MockRun, one, ofType, TYPES } from '../infra/helpers/mock-stack';
import { POLICIES } from '../../policy/rules';
import { noPublicBucketMembers } from '../../policy/rules/public-access';
import { bucketPublicAccessPrevention, bucketUniformAccess, prodBucketProtected } from '../../policy/rules/bucket-settings';
import { noProjectAdminRoles } from '../../policy/rules/project-roles';
import { labelsPresent } from '../../policy/rules/labels';
import { violations, withInputs } from './policy-args';
import { runProgram } from './program';

let run: MockRun;

before(async () => {
  run = await runProgram('dev');
});

const bucket = () => one(run, 'gcp:storage/bucket:Bucket');
const bucketMembers = () => ofType(run, 'gcp:storage/bucketIAMMember:BucketIAMMember');
const projectMember = () => one(run, 'gcp:projects/iAMMember:IAMMember');

describe('the dev program passes every rule', () => {
  it('no violation on any resource (platform, model and the notebook\'s two CPU batch jobs)', () => {
    assert.ok(run.registrations.length >= 13, `only ${run.registrations.length} resources`);
    assert.equal(ofType(run, TYPES.JOB).length, 2);
    for (const resource of run.registrations) {
      for (const policy of POLICIES) assert.deepEqual(violations(policy, resource), [], `${policy.name} on ${resource.type} ${resource.name}`);
    }
  });
});

describe('bucket-no-public-members', () => {
  it('passes the stack\'s bucket IAM members (job SA and Vertex agent)', () => {
    assert.equal(bucketMembers().length, 4);
    for (const m of bucketMembers()) assert.deepEqual(violations(noPublicBucketMembers, m), []);
  });
  it('fires for allUsers and allAuthenticatedUsers members', () => {
    const [member] = bucketMembers();
    assert.match(violations(noPublicBucketMembers, withInputs(member!, { member: 'allUsers' }))[0]!, /member: "allUsers" makes the bucket public \(allUsers\)/);
    assert.match(violations(noPublicBucketMembers, withInputs(member!, { member: 'allAuthenticatedUsers' }))[0]!, /allAuthenticatedUsers/);
  });
  it('fires for a binding, a bucket policy, an ACL entity and a public canned ACL', () => {
    const on = (type: string, inputs: Record<string, unknown>) => violations(noPublicBucketMembers, { type, name: 'x', protect: false, inputs });
    assert.equal(on('gcp:storage/bucketIAMBinding:BucketIAMBinding', { members: ['user:a@example.com', 'allUsers'], role: 'roles/storage.objectViewer' }).length, 1);
    assert.equal(on('gcp:storage/bucketIAMPolicy:BucketIAMPolicy', { policyData: JSON.stringify({ bindings: [{ role: 'roles/storage.objectViewer', members: ['allAuthenticatedUsers'] }] }) }).length, 1);
    assert.equal(on('gcp:storage/defaultObjectAccessControl:DefaultObjectAccessControl', { entity: 'allUsers', role: 'READER' }).length, 1);
    assert.equal(on('gcp:storage/bucketACL:BucketACL', { predefinedAcl: 'publicRead' }).length, 1);
    assert.deepEqual(on('gcp:storage/bucketIAMBinding:BucketIAMBinding', { members: ['group:allUsersOfTeam@example.com'] }), []);
  });
});

describe('bucket-uniform-access', () => {
  it('passes the stack bucket and fires when UBLA is off or unset', () => {
    assert.deepEqual(violations(bucketUniformAccess, bucket()), []);
    assert.deepEqual(violations(bucketUniformAccess, withInputs(bucket(), { uniformBucketLevelAccess: false })), ['uniformBucketLevelAccess: false; allowed: true']);
    assert.equal(violations(bucketUniformAccess, withInputs(bucket(), { uniformBucketLevelAccess: undefined })).length, 1);
  });
});

describe('bucket-public-access-prevention', () => {
  it('passes the stack bucket and fires for "inherited"', () => {
    assert.deepEqual(violations(bucketPublicAccessPrevention, bucket()), []);
    assert.deepEqual(violations(bucketPublicAccessPrevention, withInputs(bucket(), { publicAccessPrevention: 'inherited' })), [
      'publicAccessPrevention: "inherited"; allowed: "enforced"',
    ]);
  });
});

describe('no-project-admin-roles', () => {
  it('passes the job service account\'s roles/aiplatform.user', () => {
    assert.equal(projectMember().inputs.role, 'roles/aiplatform.user');
    assert.match(projectMember().inputs.member, /^serviceAccount:/);
    assert.deepEqual(violations(noProjectAdminRoles, projectMember()), []);
  });
  it('fires for owner, editor and any admin role (the notebook\'s aiplatform.admin and storage.objectAdmin)', () => {
    for (const role of ['roles/owner', 'roles/editor', 'roles/aiplatform.admin', 'roles/storage.objectAdmin', 'roles/iam.serviceAccountAdmin']) {
      const found = violations(noProjectAdminRoles, withInputs(projectMember(), { role }));
      assert.equal(found.length, 1, role);
      assert.match(found[0]!, new RegExp(`role: "${role.replace('.', '\\.')}" at project level is too broad`));
    }
  });
  it('fires for a broad role inside a project IAM policy document', () => {
    const policy = { type: 'gcp:projects/iAMPolicy:IAMPolicy', name: 'p', protect: false, inputs: { policyData: JSON.stringify({ bindings: [{ role: 'roles/editor', members: ['serviceAccount:x@p.iam.gserviceaccount.com'] }] }) } };
    assert.equal(violations(noProjectAdminRoles, policy).length, 1);
  });
});

describe('labels-present', () => {
  it('passes the stack bucket and fires when a required label is missing', () => {
    assert.deepEqual(violations(labelsPresent, bucket()), []);
    const { environment: _dropped, ...rest } = bucket().inputs.labels as Record<string, string>;
    assert.match(violations(labelsPresent, withInputs(bucket(), { labels: rest }))[0]!, /labels: missing environment/);
    assert.match(violations(labelsPresent, withInputs(bucket(), { labels: undefined }))[0]!, /labels: missing app, environment, managed-by \(has none\)/);
  });
});

describe('prod-bucket-protected (dev side)', () => {
  it('does not apply to the dev bucket, which is unprotected and force-destroyable on purpose', () => {
    assert.equal(bucket().protect, false);
    assert.equal(bucket().inputs.forceDestroy, true);
    assert.deepEqual(violations(prodBucketProtected, bucket()), []);
  });
});
