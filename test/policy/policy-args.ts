// Calls a policy's validateResource the way the Pulumi engine would, with a resource recorded from the program
// run under mocks (test/infra/helpers/mock-stack.ts), and returns the violation messages.
import type { ResourceValidationArgs, ResourceValidationPolicy } from '@pulumi/policy';
import type { Registration } from '../infra/helpers/mock-stack';

/** `urn` (whose stack name decides the environment, policy/environment.ts) defaults to one in stack "test" (dev). */
export type PolicyResource = Pick<Registration, 'type' | 'name' | 'inputs' | 'protect'> & { urn?: string };

export function violations(policy: ResourceValidationPolicy, resource: PolicyResource): string[] {
  const found: string[] = [];
  const args = {
    type: resource.type,
    name: resource.name,
    urn: resource.urn ?? `urn:pulumi:test::vertex-embeddings::${resource.type}::${resource.name}`,
    props: resource.inputs,
    opts: {
      protect: resource.protect,
      ignoreChanges: [],
      aliases: [],
      additionalSecretOutputs: [],
      customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    },
    stackTags: new Map<string, string>(),
    isType: () => false,
    asType: () => undefined,
    getConfig: () => ({}),
    notApplicable: (reason?: string) => {
      throw new Error(`not applicable: ${reason}`);
    },
  } as unknown as ResourceValidationArgs;
  const validators = policy.validateResource === undefined ? [] : [policy.validateResource].flat();
  for (const validate of validators) void validate(args, (message) => found.push(message));
  return found;
}

/** The same resource with some inputs changed (deep enough for the rules: top-level keys replaced). */
export function withInputs(resource: PolicyResource, changes: Record<string, unknown>, protect = resource.protect): PolicyResource {
  return { ...resource, protect, inputs: { ...resource.inputs, ...changes } };
}

/** The same resource as if declared by stack `stack` (its URN names that stack). */
export function inStack(resource: PolicyResource, stack: string): PolicyResource {
  return { ...resource, urn: `urn:pulumi:${stack}::vertex-embeddings::${resource.type}::${resource.name}` };
}
