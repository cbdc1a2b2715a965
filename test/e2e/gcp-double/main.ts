// The gcp provider test double (test/e2e only): a Pulumi resource provider plugin for exactly the gcp resource
// types this stack declares, served by @pulumi/pulumi/provider's `main` over the provider gRPC protocol. Bucket and
// objects live in the GCS emulator, the rest in a state file (see storage-kinds.ts, identity-kinds.ts).
import { main, type Provider } from '@pulumi/pulumi/provider';
import { identityKinds } from './identity-kinds';
import type { Props, ResourceKind } from './kind';
import { storageKinds } from './storage-kinds';
import { UNKNOWN } from './checks';

/** The version @pulumi/gcp asks the engine for (its package.json `pulumi.version`); reported by GetPluginInfo. */
const VERSION = (require('@pulumi/gcp/package.json') as { pulumi: { version: string } }).pulumi.version;
const KINDS: Record<string, ResourceKind> = { ...storageKinds, ...identityKinds };

/** `urn:pulumi:STACK::PROJECT::PARENT$TYPE::NAME` → TYPE. */
function kindOf(urn: string): ResourceKind {
  const type = urn.split('::')[2]?.split('$').pop() ?? '';
  const kind = KINDS[type];
  if (!kind) throw new Error(`gcp test double: resource type ${type} is not implemented (only ${Object.keys(KINDS).join(', ')})`);
  return kind;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const provider: Provider = {
  version: VERSION,
  async check(urn, _olds, news) {
    return { inputs: news, failures: kindOf(urn).check(news) };
  },
  async diff(_id, urn, olds: Props, news: Props) {
    const changed = Object.keys(news).filter((key) => news[key] === UNKNOWN || !same(olds[key], news[key]));
    const replaces = changed.filter((key) => kindOf(urn).replaceOn.includes(key));
    return { changes: changed.length > 0, replaces };
  },
  create: (urn, inputs) => kindOf(urn).create(inputs),
  async read(id, urn, props) {
    const current = await kindOf(urn).read(id, props);
    return current ? { id, props: current } : { id: '', props: {} };
  },
  async update(id, urn, olds, news) {
    return { outs: await kindOf(urn).update(id, olds, news) };
  },
  delete: (id, urn, props) => kindOf(urn).delete(id, props),
};

void main(provider, process.argv.slice(2));
