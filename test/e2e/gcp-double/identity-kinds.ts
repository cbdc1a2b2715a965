// Services, service accounts, service agents and IAM grants: kept in the double's state file (state.ts), with the
// name, role and member checks GCP makes, and an IAM grant to a service account that does not exist refused as
// IAM refuses it ("Service account ... does not exist", setIamPolicy INVALID_ARGUMENT).
import { accountIdProblem, isUnknown, memberProblem, projectNumber, roleProblem } from './checks';
import { failures, type Props, type ResourceKind } from './kind';
import { type Kind, withState } from './state';

const text = (props: Props, key: string) => String(props[key] ?? '');
const checked = (value: string, problem: (v: string) => string | undefined) => (isUnknown(value) ? undefined : problem(value));

/** A resource held in one section of the state file: create stores the outputs, read returns them, delete drops them. */
function stored(kind: Kind, spec: { replaceOn: string[]; check: ResourceKind['check']; build(inputs: Props): { id: string; outs: Props } }): ResourceKind {
  return {
    replaceOn: spec.replaceOn,
    check: spec.check,
    async create(inputs) {
      const { id, outs } = spec.build(inputs);
      return withState((state) => {
        if (kind === 'accounts' && state.accounts[id]) throw new Error(`Error 409: Service account ${outs.email} already exists within project projects/${inputs.project}.`);
        state[kind][id] = outs;
        return { id, outs };
      });
    },
    async read(id) {
      return withState((state) => state[kind][id]);
    },
    async update(id, _olds, news) {
      const outs = { ...spec.build(news).outs };
      return withState((state) => (state[kind][id] = outs));
    },
    async delete(id) {
      withState((state) => {
        delete state[kind][id];
        state.deleted.push({ at: Date.now(), what: `${kind} ${id}` });
      });
    },
  };
}

function memberExists(member: string): string | undefined {
  const email = /^serviceAccount:(.+)$/.exec(member)?.[1];
  if (!email) return undefined;
  return withState((state) => {
    const known = Object.values(state.accounts).some((a) => a.email === email) || Object.values(state.serviceAgents).some((a) => a.email === email);
    return known ? undefined : `Service account ${email} does not exist.`;
  });
}

function grant(kind: 'bucketIam' | 'projectIam', scope: 'bucket' | 'project'): ResourceKind {
  const base = stored(kind, {
    replaceOn: [scope, 'role', 'member', 'condition'],
    check: (news) => failures([['role', checked(text(news, 'role'), roleProblem)], ['member', checked(text(news, 'member'), memberProblem)]]),
    build: (inputs) => {
      const id = scope === 'bucket' ? `b/${text(inputs, 'bucket')} ${text(inputs, 'role')} ${text(inputs, 'member')}` : `${text(inputs, 'project')}/${text(inputs, 'role')}/${text(inputs, 'member')}`;
      return { id, outs: { ...inputs, etag: 'BwY=' } };
    },
  });
  return {
    ...base,
    async create(inputs) {
      const missing = memberExists(text(inputs, 'member'));
      if (missing) throw new Error(`Error applying IAM policy for ${scope} "${text(inputs, scope)}": Error 400: ${missing}, badRequest`);
      return base.create(inputs);
    },
  };
}

export const identityKinds: Record<string, ResourceKind> = {
  'gcp:projects/service:Service': stored('services', {
    replaceOn: ['project', 'service'],
    check: (news) => failures([['service', checked(text(news, 'service'), (s) => (/^[a-z0-9-]+\.googleapis\.com$/.test(s) ? undefined : `service "${s}" is not NAME.googleapis.com`))]]),
    build: (inputs) => ({ id: `${text(inputs, 'project')}/${text(inputs, 'service')}`, outs: { ...inputs } }),
  }),
  'gcp:serviceaccount/account:Account': stored('accounts', {
    replaceOn: ['project', 'accountId'],
    check: (news) => failures([['accountId', checked(text(news, 'accountId'), accountIdProblem)]]),
    build: (inputs) => {
      const email = `${text(inputs, 'accountId')}@${text(inputs, 'project')}.iam.gserviceaccount.com`;
      const name = `projects/${text(inputs, 'project')}/serviceAccounts/${email}`;
      return { id: name, outs: { ...inputs, email, name, member: `serviceAccount:${email}`, uniqueId: projectNumber(email), disabled: false } };
    },
  }),
  // A service agent cannot be deleted: delete only forgets it (as the upstream provider does).
  'gcp:projects/serviceIdentity:ServiceIdentity': stored('serviceAgents', {
    replaceOn: ['project', 'service'],
    check: () => [],
    build: (inputs) => {
      const agent = text(inputs, 'service').replace(/\.googleapis\.com$/, '');
      const email = `service-${projectNumber(text(inputs, 'project'))}@gcp-sa-${agent}.iam.gserviceaccount.com`;
      return { id: `projects/${text(inputs, 'project')}/services/${text(inputs, 'service')}`, outs: { ...inputs, email, member: `serviceAccount:${email}` } };
    },
  }),
  'gcp:storage/bucketIAMMember:BucketIAMMember': grant('bucketIam', 'bucket'),
  'gcp:projects/iAMMember:IAMMember': grant('projectIam', 'project'),
};
