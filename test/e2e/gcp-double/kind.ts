// One gcp resource type as the double implements it. `replaceOn` lists the inputs whose change replaces the
// resource (ForceNew in the upstream Terraform provider); every other input change is an in-place update.
export type Props = Record<string, unknown>;

export interface ResourceKind {
  replaceOn: readonly string[];
  /** Problems with the inputs, by property, before anything is created (what GCP would reject). */
  check(news: Props): { property: string; reason: string }[];
  create(inputs: Props): Promise<{ id: string; outs: Props }>;
  /** The resource as it exists now, or undefined when it is gone (refresh then drops it from state). */
  read(id: string, outs: Props): Promise<Props | undefined>;
  update(id: string, olds: Props, news: Props): Promise<Props>;
  delete(id: string, outs: Props): Promise<void>;
}

/** Check failures for `problems`, keyed by the property they are about. */
export function failures(problems: [property: string, reason: string | undefined][]): { property: string; reason: string }[] {
  return problems.flatMap(([property, reason]) => (reason ? [{ property, reason }] : []));
}
