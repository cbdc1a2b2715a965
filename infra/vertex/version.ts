// Version of the provider code, stored in every Vertex resource's inputs. `pulumi refresh` and `destroy` run the
// provider code recorded in state (pulumi/docs#5427); a version in the inputs makes a code change visible as a
// diff (an in-place update, never a replacement). Bump it when the provider's behaviour or outputs change.
export const PROVIDER_VERSION = '1.1.0';
