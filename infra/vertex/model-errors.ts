// What a VertexModel failure tells the user, and what it tells Pulumi. A registered model costs nothing while it sits
// in the registry, but one Pulumi forgets is never deleted, and without an adoption label the next `pulumi up` would
// register a twin. So once the model exists (UploadModel's operation succeeded, or an earlier run's registration was
// found by its label), every failure keeps its version name as id (./init-failed.ts); a failure that leaves it
// unknown whether a model was registered says so, and how the next `pulumi up` finds it.
import { ADOPTION_LABEL } from './batch-job-request';
import { describeStatus, statusOf } from './errors';
import { initFailedError, type TrackedError } from './init-failed';

interface ModelIdentity {
  displayName: string;
  region: string;
}

/** A read after the model exists failed: keep its version name as id and say what the next run does. */
export function trackedModelError(inputs: ModelIdentity, versionName: string, call: string, error: unknown, properties: object): TrackedError {
  const message =
    `Model "${inputs.displayName}" (${versionName}) is registered, but ${call} failed (${describeStatus(statusOf(error))}). ` +
    'It stays in the stack: the next `pulumi up` reads it again and completes the registration, `pulumi destroy` deletes it.';
  return initFailedError(versionName, message, properties);
}

/** What the next `pulumi up` does about a registration that may exist, with the command to look now. */
function findingItNext(inputs: ModelIdentity, key: string | undefined): string {
  if (!key) {
    return 'This resource has no adoption label (no resourceKey), so the next `pulumi up` cannot recognise it: look in the ' +
      'Model Registry and delete a model of this display name before running `pulumi up` again, or it is registered twice.';
  }
  return `The next \`pulumi up\` finds it by its label ${ADOPTION_LABEL}=${key} and adopts it instead of uploading again ` +
    `(to look now: \`gcloud ai models list --region=${inputs.region} --filter=labels.${ADOPTION_LABEL}=${key}\`).`;
}

/** UploadModel was accepted, but waiting for its operation failed: the registration may still complete. */
export function unconfirmedOperationError(inputs: ModelIdentity, key: string | undefined, operation: string, error: unknown): Error {
  return new Error(
    `Model "${inputs.displayName}": UploadModel was accepted (operation ${operation}), but waiting for it failed ` +
      `(${describeStatus(statusOf(error))}). Vertex may complete the registration meanwhile. ${findingItNext(inputs, key)}`,
  );
}

/** UploadModel went unanswered and the look for the model it may have registered failed too: no name to keep. */
export function unconfirmedUploadError(inputs: ModelIdentity, key: string | undefined, uploadError: unknown, listError: unknown): Error {
  return new Error(
    `Model "${inputs.displayName}": UploadModel answered ${describeStatus(statusOf(uploadError))}, and listing models to see ` +
      `whether it was registered failed too (${describeStatus(statusOf(listError))}). The model may be registered. ${findingItNext(inputs, key)}`,
  );
}
