// UploadModel and its long-running operation as one step for the model provider. Vertex reads the artifact folder
// after the call returns, so a bucket grant that has not propagated yet (or a missing one) shows up as the
// operation's own error (FAILED_PRECONDITION "… does not have [storage.objects.get] IAM permission …"), not the
// call's: both are retried within the IAM propagation window. A failed operation registered nothing, so calling
// again cannot make a twin. A refusal with a catalog entry (e.g. the artifact folder holds no saved_model.pb) is
// reported with what to do.
//
// Once the call is accepted the registration goes on server-side, so polling its operation rides out an outage
// (./outage.ts). If the wait still fails, the operation has not ended as far as anyone knows: that is reported as
// UploadUnconfirmedError, never retried by uploading again (which could register a twin).
import type { VertexClients } from './client';
import { adviceFor, statusOf, withExplanation } from './errors';
import { type IamPropagationOptions, retryWhileIamPropagates } from './iam-propagation';
import { awaitOperation, type OutageOptions, type PendingOperation } from './outage';

export interface UploadedModel {
  model?: string;
  modelVersionId?: string;
}

type UploadRequest = Parameters<VertexClients['models']['uploadModel']>[0];

/** The call was accepted (operation `operation`), but its outcome could not be read. */
export class UploadUnconfirmedError extends Error {
  constructor(
    readonly operation: string,
    readonly failure: unknown,
  ) {
    super(`UploadModel operation ${operation} could not be followed`);
    this.name = 'UploadUnconfirmedError';
  }
}

export async function uploadModelAndWait(
  clients: VertexClients,
  request: UploadRequest,
  options: IamPropagationOptions & { outage: OutageOptions },
): Promise<UploadedModel> {
  try {
    return await retryWhileIamPropagates(async () => {
      const [operation] = await clients.models.uploadModel(request);
      return (await waitForUpload(clients, operation as PendingOperation<unknown[]>, options.outage))[0] as UploadedModel;
    }, options);
  } catch (error) {
    if (error instanceof UploadUnconfirmedError) throw error;
    throw withExplanation(error, adviceFor(statusOf(error)));
  }
}

/** The operation's own error is rethrown as is (nothing registered); any other failure is UploadUnconfirmedError. */
async function waitForUpload(clients: VertexClients, operation: PendingOperation<unknown[]>, outage: OutageOptions): Promise<unknown[]> {
  let latest = operation;
  const recheck = async (name: string) => (latest = (await clients.models.checkUploadModelProgress(name)) as PendingOperation<unknown[]>);
  try {
    return await awaitOperation(latest, recheck, outage);
  } catch (error) {
    if (latest.latestResponse?.done) throw error;
    throw new UploadUnconfirmedError(String(latest.name ?? operation.name), error);
  }
}
