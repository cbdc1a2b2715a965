// Labels of a model version as Vertex answers them: GetModel / ListModelVersions return the model's labels and the
// version's merged (model_service.proto, UpdateModelRequest: "Both the model labels and the version labels are
// merged when a model is returned"). A VertexModel registered as a version under someone's parent model owns only
// its version labels, so drift detection must not report the parent's labels as its own.

/**
 * The labels a version resource owns, from the merged view: every label it declares (`declared`, whatever its value
 * now: a changed value is drift), plus any other label whose value differs from the parent model's view (added to
 * the version out of band: drift too). Labels inherited from the parent unchanged are left out.
 */
export function versionOwnLabels(
  merged: Readonly<Record<string, string>>,
  parentView: Readonly<Record<string, string>>,
  declared: readonly string[],
): Record<string, string> {
  return Object.fromEntries(Object.entries(merged).filter(([key, value]) => declared.includes(key) || parentView[key] !== value));
}
