// Which environment's rules apply to a resource. It comes from the stack name in the resource's URN
// (`urn:pulumi:<stack>::<project>::…`), which no stack config or label can change: stacks named `prod` or
// `prod-…` / `prod_…` / `prod.…` are prod, every other stack is dev. A resource's `environment` label is never
// trusted to loosen a rule (a prod label on a dev stack does not raise its hardware limits); it can only add the
// prod bucket protections.
export type Environment = 'dev' | 'prod';

const PROD_STACK = /^prod([-_.].*)?$/;

/** The stack name of a resource URN, or undefined when the URN is not one. */
export function stackOf(urn: string): string | undefined {
  return /^urn:pulumi:([^:]+)::/.exec(urn)?.[1];
}

export function stackEnvironment(urn: string): Environment {
  const stack = stackOf(urn);
  return stack !== undefined && PROD_STACK.test(stack) ? 'prod' : 'dev';
}
