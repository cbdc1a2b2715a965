// In-memory buckets and objects with the GCS resource shapes (storage#bucket, storage#object) and the
// listing semantics of objects.list: lexicographic order, prefix, delimiter folding into `prefixes`,
// maxResults counting items and prefixes alike, opaque page tokens.
import { GcsError, badRequest, noSuchBucket, noSuchObject, preconditionFailed } from './errors';
import { BlobStore, type Blob } from './blobs';
import { hashesOf, type ObjectHashes } from './hashes';

/** Writable object metadata a client may send (the JSON part of an upload, or a PATCH). */
export interface ObjectMetadataInput {
  contentType?: string;
  contentEncoding?: string;
  cacheControl?: string;
  metadata?: Record<string, string | null>;
}

export interface StoredObject {
  bucket: string;
  name: string;
  blob: Blob;
  generation: number;
  metageneration: number;
  contentType: string;
  contentEncoding?: string;
  cacheControl?: string;
  metadata?: Record<string, string>;
  hashes: ObjectHashes;
  timeCreated: string;
  updated: string;
}

interface StoredBucket {
  name: string;
  location: string;
  storageClass: string;
  labels?: Record<string, string>;
  timeCreated: string;
  objects: Map<string, StoredObject>;
}

/** Generation preconditions of the JSON API (`ifGenerationMatch=0` means "only if absent"). */
export interface Preconditions {
  ifGenerationMatch?: string | null;
  ifGenerationNotMatch?: string | null;
}

export interface ListQuery {
  prefix?: string;
  delimiter?: string;
  pageToken?: string;
  maxResults?: number;
  startOffset?: string;
  endOffset?: string;
}

const DEFAULT_MAX_RESULTS = 1000; // the service's page size when maxResults is absent
const BUCKET_NAME = /^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/;

export class GcsStore {
  private readonly buckets = new Map<string, StoredBucket>();
  private nextGeneration = Date.now() * 1000; // GCS generations are microsecond timestamps

  constructor(readonly blobs = new BlobStore()) {}

  createBucket(body: { name?: unknown; location?: unknown; storageClass?: unknown; labels?: unknown }): StoredBucket {
    const name = body.name;
    if (typeof name !== 'string' || !BUCKET_NAME.test(name)) {
      throw badRequest(`Invalid bucket name: '${String(name)}'`);
    }
    if (this.buckets.has(name)) {
      throw new GcsError(409, 'conflict', 'Your previous request to create the named bucket succeeded and you already own it.');
    }
    const bucket: StoredBucket = {
      name,
      location: typeof body.location === 'string' ? body.location.toUpperCase() : 'US',
      storageClass: typeof body.storageClass === 'string' ? body.storageClass : 'STANDARD',
      labels: (body.labels as Record<string, string> | undefined) ?? undefined,
      timeCreated: new Date().toISOString(),
      objects: new Map(),
    };
    this.buckets.set(name, bucket);
    return bucket;
  }

  bucket(name: string): StoredBucket {
    const bucket = this.buckets.get(name);
    if (!bucket) throw noSuchBucket(name);
    return bucket;
  }

  listBuckets(): StoredBucket[] {
    return [...this.buckets.values()].sort((a, b) => compare(a.name, b.name));
  }

  deleteBucket(name: string): void {
    if (this.bucket(name).objects.size > 0) {
      throw new GcsError(409, 'conflict', 'The bucket you tried to delete is not empty.');
    }
    this.buckets.delete(name);
  }

  getObject(bucketName: string, name: string): StoredObject {
    const object = this.bucket(bucketName).objects.get(name);
    if (!object) throw noSuchObject(bucketName, name);
    return object;
  }

  putObject(bucketName: string, name: string, data: Buffer, input: ObjectMetadataInput, conditions: Preconditions): StoredObject {
    const bucket = this.bucket(bucketName);
    if (!name) throw badRequest('Required parameter: name');
    const previous = bucket.objects.get(name);
    checkPreconditions(previous, conditions);
    const now = new Date().toISOString();
    const object: StoredObject = {
      bucket: bucketName,
      name,
      blob: this.blobs.put(data),
      generation: ++this.nextGeneration,
      metageneration: 1,
      contentType: input.contentType || 'application/octet-stream',
      contentEncoding: input.contentEncoding,
      cacheControl: input.cacheControl,
      metadata: withoutNulls(input.metadata),
      hashes: hashesOf(data),
      timeCreated: now,
      updated: now,
    };
    bucket.objects.set(name, object);
    if (previous) this.blobs.drop(previous.blob);
    return object;
  }

  patchObject(bucketName: string, name: string, patch: ObjectMetadataInput, conditions: Preconditions): StoredObject {
    const object = this.getObject(bucketName, name);
    checkPreconditions(object, conditions);
    if (patch.contentType !== undefined) object.contentType = patch.contentType;
    if (patch.cacheControl !== undefined) object.cacheControl = patch.cacheControl;
    if (patch.metadata !== undefined) {
      object.metadata = withoutNulls({ ...object.metadata, ...patch.metadata });
    }
    object.metageneration += 1;
    object.updated = new Date().toISOString();
    return object;
  }

  deleteObject(bucketName: string, name: string, conditions: Preconditions): void {
    const object = this.getObject(bucketName, name);
    checkPreconditions(object, conditions);
    this.bucket(bucketName).objects.delete(name);
    this.blobs.drop(object.blob);
  }

  listObjects(bucketName: string, query: ListQuery): { items: StoredObject[]; prefixes: string[]; nextPageToken?: string } {
    const bucket = this.bucket(bucketName);
    const prefix = query.prefix ?? '';
    const maxResults = query.maxResults ?? DEFAULT_MAX_RESULTS;
    if (!Number.isInteger(maxResults) || maxResults < 1) {
      throw badRequest(`Invalid value for maxResults: ${query.maxResults}`);
    }
    const after = query.pageToken ? decodePageToken(query.pageToken) : undefined;
    // Entries in listing order: an object, or a folded "directory" prefix (emitted once).
    const entries: { key: string; object?: StoredObject }[] = [];
    for (const name of [...bucket.objects.keys()].sort(compare)) {
      if (!name.startsWith(prefix)) continue;
      if (query.startOffset !== undefined && compare(name, query.startOffset) < 0) continue;
      if (query.endOffset !== undefined && compare(name, query.endOffset) >= 0) continue;
      const cut = query.delimiter ? name.indexOf(query.delimiter, prefix.length) : -1;
      if (cut >= 0) {
        const folded = name.slice(0, cut + query.delimiter!.length);
        if (entries.at(-1)?.key !== folded) entries.push({ key: folded });
      } else {
        entries.push({ key: name, object: bucket.objects.get(name) });
      }
    }
    const start = after === undefined ? 0 : entries.findIndex((e) => compare(e.key, after) > 0);
    const page = start < 0 ? [] : entries.slice(start, start + maxResults);
    const more = start >= 0 && start + maxResults < entries.length;
    return {
      items: page.flatMap((e) => (e.object ? [e.object] : [])),
      prefixes: page.flatMap((e) => (e.object ? [] : [e.key])),
      nextPageToken: more ? Buffer.from(page.at(-1)!.key).toString('base64') : undefined,
    };
  }
}

export function bucketResource(bucket: StoredBucket): object {
  return {
    kind: 'storage#bucket',
    id: bucket.name,
    name: bucket.name,
    projectNumber: '0',
    metageneration: '1',
    location: bucket.location,
    locationType: 'region',
    storageClass: bucket.storageClass,
    labels: bucket.labels,
    iamConfiguration: { uniformBucketLevelAccess: { enabled: true }, publicAccessPrevention: 'enforced' },
    timeCreated: bucket.timeCreated,
    updated: bucket.timeCreated,
    etag: 'CAE=',
  };
}

export function objectResource(object: StoredObject, baseUrl: string): object {
  const path = `b/${object.bucket}/o/${encodeURIComponent(object.name)}`;
  return {
    kind: 'storage#object',
    id: `${object.bucket}/${object.name}/${object.generation}`,
    selfLink: `${baseUrl}/storage/v1/${path}`,
    mediaLink: `${baseUrl}/download/storage/v1/${path}?generation=${object.generation}&alt=media`,
    name: object.name,
    bucket: object.bucket,
    generation: String(object.generation),
    metageneration: String(object.metageneration),
    contentType: object.contentType,
    contentEncoding: object.contentEncoding,
    cacheControl: object.cacheControl,
    storageClass: 'STANDARD',
    size: String(object.blob.size),
    md5Hash: object.hashes.md5Hash,
    crc32c: object.hashes.crc32c,
    etag: Buffer.from(`${object.generation}/${object.metageneration}`).toString('base64'),
    metadata: object.metadata,
    timeCreated: object.timeCreated,
    updated: object.updated,
    timeStorageClassUpdated: object.timeCreated,
  };
}

function checkPreconditions(existing: StoredObject | undefined, conditions: Preconditions): void {
  const generation = existing ? String(existing.generation) : '0';
  if (conditions.ifGenerationMatch != null && conditions.ifGenerationMatch !== generation) throw preconditionFailed();
  if (conditions.ifGenerationNotMatch != null && conditions.ifGenerationNotMatch === generation) throw preconditionFailed();
}

function withoutNulls(metadata: Record<string, string | null> | undefined): Record<string, string> | undefined {
  if (!metadata) return undefined;
  const kept = Object.entries(metadata).filter((entry): entry is [string, string] => entry[1] !== null);
  return kept.length ? Object.fromEntries(kept) : undefined;
}

function decodePageToken(token: string): string {
  const key = Buffer.from(token, 'base64').toString('utf8');
  if (!key) throw badRequest(`Invalid pageToken: '${token}'`);
  return key;
}

/** GCS orders names by their UTF-8 bytes, not by UTF-16 code units. */
function compare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
