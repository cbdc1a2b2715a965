// CrossGuard policy pack: what the product promises about its cloud resources, checked on every preview and up
// (`pulumi preview --policy-pack policy`, wired in .github/workflows/pulumi-stack.yml). Rules live in ./rules.
import { PolicyPack } from '@pulumi/policy';
import { POLICIES } from './rules';

new PolicyPack('vertex-embeddings-guardrails', {
  description: 'No public buckets, UBLA + PAP, no broad project roles, labels, protected prod data, bounded batch jobs.',
  enforcementLevel: 'mandatory',
  policies: POLICIES,
});
