// UploadModel and its long-running operation as one step for the model provider. Vertex reads the artifact folder
// after the call returns, so a bucket grant that has not propagated yet (or a missing one) shows up as the
// operation's own error (FAILED_PRECONDITION "… does not have [storage.objects.get] IAM permission …"), not the
// call's: both are retried within the IAM propagation window. A failed operation registered nothing, so calling
// again cannot make a twin. A refusal with a catalog entry (e.g. the artifact folder holds no saved_model.pb) is
// reported with what to do.
import type { VertexClients } from './client';
import { adviceFor, statusOf, withExplanation } from './errors';
import { type IamPropagationOptions, retryWhileIamPropagates } from './iam-propagation';

export interface UploadedModel {
  model?: string;
  modelVersionId?: string;
}

type UploadRequest = Parameters<VertexClients['models']['uploadModel']>[0];

export async function uploadModelAndWait(clients: VertexClients, request: UploadRequest, options: IamPropagationOptions): Promise<UploadedModel> {
  try {
    return await retryWhileIamPropagates(async () => {
      const [operation] = await clients.models.uploadModel(request);
      const [response] = await operation.promise();
      return response as UploadedModel;
    }, options);
  } catch (error) {
    throw withExplanation(error, adviceFor(statusOf(error)));
  }
}
