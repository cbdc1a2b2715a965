// Bucket and bucket objects live in the GCS emulator (STORAGE_EMULATOR_HOST, set by the e2e harness), so the Vertex
// emulator's jobs read what `pulumi up` uploaded, and a test sees exactly what a destroy left behind.
import { Storage } from '@google-cloud/storage';
import { bucketNameProblem, isUnknown } from './checks';
import { failures, type Props, type ResourceKind } from './kind';
import { withState } from './state';

const storage = () => new Storage({ projectId: 'gcp-double' });
const text = (props: Props, key: string) => String(props[key] ?? '');

const bucketKind: ResourceKind = {
  replaceOn: ['name', 'project', 'location'],
  check: (news) => failures([['name', isUnknown(news.name) ? undefined : bucketNameProblem(text(news, 'name'))]]),
  async create(inputs) {
    const name = text(inputs, 'name');
    const versioning = inputs.versioning as { enabled?: boolean } | undefined;
    await storage().createBucket(name, {
      location: text(inputs, 'location'),
      storageClass: text(inputs, 'storageClass') || 'STANDARD',
      labels: inputs.labels as Record<string, string>,
      versioning: { enabled: versioning?.enabled === true },
    });
    return { id: name, outs: { ...inputs, url: `gs://${name}`, selfLink: `https://www.googleapis.com/storage/v1/b/${name}` } };
  },
  async read(id, outs) {
    const [exists] = await storage().bucket(id).exists();
    return exists ? outs : undefined;
  },
  async update(_id, olds, news) {
    return { ...olds, ...news };
  },
  // The upstream provider refuses a non-empty bucket unless force_destroy is set (its own error text).
  async delete(id, outs) {
    const bucket = storage().bucket(id);
    const [files] = await bucket.getFiles();
    if (files.length > 0 && outs.forceDestroy !== true) {
      throw new Error(`Error trying to delete bucket ${id} containing objects without \`force_destroy\` set to true`);
    }
    for (const file of files) await file.delete({ ignoreNotFound: true });
    await bucket.delete();
    withState((state) => void state.deleted.push({ at: Date.now(), what: `bucket ${id}` }));
  },
};

const objectKind: ResourceKind = {
  replaceOn: ['bucket', 'name', 'content', 'source', 'contentType'],
  check: () => [],
  async create(inputs) {
    const file = storage().bucket(text(inputs, 'bucket')).file(text(inputs, 'name'));
    await file.save(text(inputs, 'content'), { contentType: text(inputs, 'contentType') || undefined, resumable: false });
    const [metadata] = await file.getMetadata();
    const outs = { ...inputs, md5hash: metadata.md5Hash, crc32c: metadata.crc32c, mediaLink: metadata.mediaLink, selfLink: metadata.selfLink, outputName: file.name };
    return { id: `${text(inputs, 'bucket')}-${text(inputs, 'name')}`, outs };
  },
  async read(_id, outs) {
    const [exists] = await storage().bucket(text(outs, 'bucket')).file(text(outs, 'name')).exists();
    return exists ? outs : undefined;
  },
  async update(_id, olds, news) {
    return { ...olds, ...news };
  },
  async delete(_id, outs) {
    await storage().bucket(text(outs, 'bucket')).file(text(outs, 'name')).delete({ ignoreNotFound: true });
    withState((state) => void state.deleted.push({ at: Date.now(), what: `object ${text(outs, 'name')}` }));
  },
};

export const storageKinds: Record<string, ResourceKind> = {
  'gcp:storage/bucket:Bucket': bucketKind,
  'gcp:storage/bucketObject:BucketObject': objectKind,
};
