// A customer-managed encryption key must be in the region of the Vertex resource it protects:
// encryption_spec.proto (EncryptionSpec.kms_key_name): "The key needs to be in the same region as where the compute
// resource is created." Vertex refuses the create otherwise; this catches it at preview (provider check).
import { isUnknown } from './batch-job-inputs';

const KMS_KEY = /^projects\/[^/]+\/locations\/([^/]+)\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/;

/** Why `key` cannot protect a resource in `region`; undefined when it can, or when either is not known yet. */
export function kmsKeyRegionProblem(key: unknown, region: unknown): string | undefined {
  if (key === undefined || key === '' || isUnknown(key) || isUnknown(region) || typeof region !== 'string') return undefined;
  const location = KMS_KEY.exec(String(key))?.[1];
  if (location === undefined || location === region) return undefined; // the name's form is checked by the caller
  return (
    `encryptionKey: ${JSON.stringify(key)} is in ${location}, but the resource is created in ${region}; Vertex AI refuses a key from ` +
    `another region (EncryptionSpec.kms_key_name, encryption_spec.proto); allowed: a key under projects/P/locations/${region}/keyRings/…`
  );
}
