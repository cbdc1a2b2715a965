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
import { type PolicyResource, violations, withInputs } from './policy-args';
import { runProgram } from './program';

let run: MockRun;

before(async () => {
  run = await runProgram('dev');
});

const bucket = () => one(run, 'gcp:storage/bucket:Bucket');
const bucketMembers = () => ofType(run, 'gcp:storage/bucketIAMMember:BucketIAMMember');
/** A project-level grant to the job service account, as the stack would write one (it writes none). */
const projectGrant = (role: string): PolicyResource => ({
  type: 'gcp:projects/iAMMember:IAMMember',
  name: 'grant',
  protect: false,
  inputs: { project: 'my-embeddings-dev', role, member: `serviceAccount:${run.outputs.serviceAccountEmail}` },
});

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
    assert.equal(bucketMembers().length, 6);
    for (const m of bucketMembers()) assert.deepEqual(violations(noPublicBucketMembers, m), []);
  });
  it('fires for allUsers and allAuthenticatedUsers members', () => {
    const [member] = bucketMembers();
    assert.match(violations(noPublicBucketMembers, withInputs(member!, { member: 'allUsers' }))[0]!, /member: "allUsers" opens the bucket to allUsers;/);
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
  it('fires for object ACLs, default object ACLs and managed-folder IAM', () => {
    const on = (type: string, inputs: Record<string, unknown>) => violations(noPublicBucketMembers, { type, name: 'x', protect: false, inputs });
    assert.match(on('gcp:storage/objectACL:ObjectACL', { bucket: 'b', object: 'o', roleEntities: ['READER:allUsers'] })[0]!, /^roleEntities: \["READER:allUsers"\] opens the bucket to allUsers/);
    assert.equal(on('gcp:storage/objectACL:ObjectACL', { bucket: 'b', object: 'o', predefinedAcl: 'publicRead' }).length, 1);
    assert.equal(on('gcp:storage/defaultObjectACL:DefaultObjectACL', { bucket: 'b', roleEntities: ['READER:allAuthenticatedUsers'] }).length, 1);
    assert.equal(on('gcp:storage/managedFolderIamMember:ManagedFolderIamMember', { bucket: 'b', managedFolder: 'f/', role: 'roles/storage.objectViewer', member: 'allUsers' }).length, 1);
    assert.equal(on('gcp:storage/managedFolderIamBinding:ManagedFolderIamBinding', { bucket: 'b', managedFolder: 'f/', role: 'roles/storage.objectViewer', members: ['allAuthenticatedUsers'] }).length, 1);
    assert.equal(on('gcp:storage/managedFolderIamPolicy:ManagedFolderIamPolicy', { bucket: 'b', managedFolder: 'f/', policyData: JSON.stringify({ bindings: [{ role: 'roles/storage.objectViewer', members: ['allUsers'] }] }) }).length, 1);
  });
  it('fires for a whole domain and for every identity of a pool; not for an email at such a domain or an attribute-scoped set', () => {
    const member = (m: string) => violations(noPublicBucketMembers, withInputs(bucketMembers()[0]!, { member: m }));
    assert.match(member('domain:example.com')[0]!, /^member: "domain:example\.com" opens the bucket to a whole domain/);
    assert.match(member('principalSet://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/github/*')[0]!, /opens the bucket to every identity of a pool/);
    assert.equal(violations(noPublicBucketMembers, { type: 'gcp:storage/bucketACL:BucketACL', name: 'x', protect: false, inputs: { roleEntities: ['READER:domain-example.com'] } }).length, 1);
    assert.deepEqual(member('user:ana@domain-example.com'), []);
    assert.deepEqual(member('principalSet://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/github/attribute.repository_id/42'), []);
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
  it('the stack makes no project-level grant; narrow predefined roles pass', () => {
    assert.equal(ofType(run, 'gcp:projects/iAMMember:IAMMember').length, 0);
    for (const role of ['roles/aiplatform.user', 'roles/bigquery.jobUser', 'roles/logging.logWriter']) assert.deepEqual(violations(noProjectAdminRoles, projectGrant(role)), [], role);
  });
  it('fires for owner, editor and any admin role (the notebook\'s aiplatform.admin and storage.objectAdmin)', () => {
    for (const role of ['roles/owner', 'roles/editor', 'roles/aiplatform.admin', 'roles/storage.objectAdmin', 'roles/iam.serviceAccountAdmin']) {
      const found = violations(noProjectAdminRoles, projectGrant(role));
      assert.equal(found.length, 1, role);
      assert.match(found[0]!, new RegExp(`^role: "${role.replace('.', '\\.')}" at project level `));
    }
  });
  it('fires for acting as / minting tokens for service accounts, project-wide storage object roles and custom roles', () => {
    const expected: [string, RegExp][] = [
      ['roles/iam.serviceAccountTokenCreator', /act as or mint tokens for every service account/],
      ['roles/iam.serviceAccountUser', /act as or mint tokens for every service account/],
      ['roles/storage.objectViewer', /reaches every bucket of the project \(the Pulumi state bucket too\)/],
      ['roles/storage.objectCreator', /reaches every bucket/],
      ['roles/storage.legacyBucketReader', /reaches every bucket/],
      ['projects/my-embeddings-dev/roles/batchRunner', /is a custom role/],
      ['organizations/123/roles/everything', /is a custom role/],
    ];
    for (const [role, message] of expected) {
      const found = violations(noProjectAdminRoles, projectGrant(role));
      assert.equal(found.length, 1, role);
      assert.match(found[0]!, message, role);
    }
  });
  it('fires for any folder- or organization-level grant, narrow or not', () => {
    const member = 'serviceAccount:x@p.iam.gserviceaccount.com';
    const on = (type: string, inputs: Record<string, unknown>) => violations(noProjectAdminRoles, { type, name: 'g', protect: false, inputs });
    assert.match(on('gcp:folder/iAMMember:IAMMember', { folder: 'folders/1', role: 'roles/aiplatform.user', member })[0]!, /^role: "roles\/aiplatform\.user" granted at folder level/);
    assert.match(on('gcp:organizations/iAMBinding:IAMBinding', { orgId: '1', role: 'roles/viewer', members: [member] })[0]!, /granted at organization level/);
    assert.equal(on('gcp:folder/iAMPolicy:IAMPolicy', { folder: 'folders/1', policyData: JSON.stringify({ bindings: [{ role: 'roles/viewer', members: [member] }] }) }).length, 1);
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
