// Dynamic provider for the stack's model artifact: the exported SavedModel in the bucket under
// `<prefix>/<artifact digest>/` (saved_model.pb, variables/, export-manifest.json).
//
//   check  - field-named messages for bucket, prefix, digest, keep; no API call.
//   diff   - bucket or prefix → replace; digest or keep (or provider version) → in-place update; the local folder
//            path is not compared (it differs between machines for the same artifact): an unchanged digest is no
//            diff, hence no upload, on preview and up.
//   create - upload the missing objects (manifest last), history = [digest].
//   update - upload the new digest's missing objects, history = [new, ...old history]; digests beyond `keep` are
//            deleted, never the current one nor the previous one (the registered model uses it until replaced). No `keep` (prod default) = nothing is ever deleted.
//   read   - the recorded state while the artifact's manifest is in the bucket; otherwise gone (refresh drops it and
//            the next up uploads it again).
//   delete - with `keep` set: deletes the artifacts in history (the stack made them); without: leaves them.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type * as pulumi from '@pulumi/pulumi';
import type { Storage } from '@google-cloud/storage';
import { MANIFEST_FILE } from '../model/savedmodel/export';
import { artifactComplete, artifactUri, deleteArtifact, uploadArtifact } from './artifact-store';

export interface ModelArtifactInputs {
  providerVersion: string;
  bucket: string;
  prefix: string;
  digest: string;
  /** This machine's export folder; where the bytes come from, not part of the artifact's identity. */
  localDir: string;
  files: string[];
  /** How many most recent artifacts stay; absent = all. */
  keep?: number;
}

export interface ModelArtifactOutputs extends ModelArtifactInputs {
  uri: string;
  /** Digests this stack uploaded that are still in the bucket, newest first. */
  history: string[];
  /** Objects written by the last create/update (0 when the artifact was already there). */
  uploadedObjects: number;
  /** Digests deleted by the last update. */
  prunedDigests: string[];
}

export interface ArtifactProviderDeps {
  storage: () => Storage;
}

const defaultDeps: ArtifactProviderDeps = {
  storage: () => {
    const { Storage: Client } = require('@google-cloud/storage') as typeof import('@google-cloud/storage');
    return new Client();
  },
};

const DIGEST = /^[0-9a-f]{64}$/;
const PREFIX = /^[a-z0-9][a-z0-9._/-]*[a-z0-9]$/;

export function checkArtifactInputs(i: Partial<ModelArtifactInputs>): { property: string; reason: string }[] {
  const failures: { property: string; reason: string }[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  if (!i.bucket) fail('bucket', 'bucket: missing; allowed: the stack bucket name');
  if (!i.prefix || !PREFIX.test(i.prefix) || i.prefix.includes('//')) {
    fail('prefix', `prefix: ${JSON.stringify(i.prefix)} is not an object prefix; allowed: e.g. "models/use-lite" (no leading or trailing "/")`);
  }
  if (!i.digest || !DIGEST.test(i.digest)) fail('digest', `digest: ${JSON.stringify(i.digest)} is not an artifact digest; allowed: 64 lowercase hex characters`);
  if (i.keep !== undefined && (!Number.isInteger(i.keep) || i.keep < 1)) {
    fail('keep', `keep: ${JSON.stringify(i.keep)} is not a count of artifacts; allowed: a whole number ≥ 1, or absent to keep all`);
  }
  if (!Array.isArray(i.files) || !i.files.includes(MANIFEST_FILE)) fail('files', `files: must list the export's files including ${MANIFEST_FILE}`);
  return failures;
}

/** The local folder must hold the export the program declared (a stale bin/ or cache would upload other bytes). */
async function assertLocalExport(i: ModelArtifactInputs): Promise<void> {
  const text = await readFile(path.join(i.localDir, MANIFEST_FILE), 'utf8').catch((error: Error) => {
    throw new Error(`model artifact ${i.digest}: cannot read ${path.join(i.localDir, MANIFEST_FILE)} (${error.message}); run \`pulumi up\` again so the program re-exports`);
  });
  const local = (JSON.parse(text) as { artifactDigest?: string }).artifactDigest;
  if (local !== i.digest) throw new Error(`model artifact: ${i.localDir} holds digest ${local}, the stack declared ${i.digest}; run \`pulumi up\` again`);
}

function changedKeys(olds: Partial<ModelArtifactInputs>, news: ModelArtifactInputs, keys: readonly (keyof ModelArtifactInputs)[]): string[] {
  return keys.filter((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k]));
}

export function createArtifactProvider(deps: ArtifactProviderDeps = defaultDeps) {
  async function put(i: ModelArtifactInputs): Promise<number> {
    await assertLocalExport(i);
    return (await uploadArtifact(deps.storage(), i)).length;
  }

  return {
    async check(_olds: unknown, news: ModelArtifactInputs): Promise<pulumi.dynamic.CheckResult<ModelArtifactInputs>> {
      const failures = checkArtifactInputs(news);
      return failures.length ? { failures } : { inputs: news };
    },

    async diff(_id: string, olds: ModelArtifactOutputs, news: ModelArtifactInputs): Promise<pulumi.dynamic.DiffResult> {
      const replaces = changedKeys(olds, news, ['bucket', 'prefix']);
      const updates = changedKeys(olds, news, ['digest', 'keep', 'providerVersion']);
      // Replacing (new bucket/prefix): upload there first, then the old resource's delete applies its own keep rule.
      return { changes: replaces.length + updates.length > 0, replaces, deleteBeforeReplace: false };
    },

    async create(inputs: ModelArtifactInputs): Promise<pulumi.dynamic.CreateResult<ModelArtifactOutputs>> {
      const uploadedObjects = await put(inputs);
      const outs = { ...inputs, uri: artifactUri(inputs.bucket, inputs.prefix, inputs.digest), history: [inputs.digest], uploadedObjects, prunedDigests: [] };
      return { id: `gs://${inputs.bucket}/${inputs.prefix}`, outs: outs satisfies ModelArtifactOutputs };
    },

    async read(id: string, props: ModelArtifactOutputs): Promise<pulumi.dynamic.ReadResult<ModelArtifactOutputs>> {
      // Deleted out of band (or never completed): gone from state, so the next `up` uploads it again.
      if (!(await artifactComplete(deps.storage(), props.bucket, props.prefix, props.digest))) return {};
      return { id, props };
    },

    async update(_id: string, olds: ModelArtifactOutputs, news: ModelArtifactInputs): Promise<pulumi.dynamic.UpdateResult<ModelArtifactOutputs>> {
      const uploadedObjects = await put(news);
      const history = [news.digest, ...(olds.history ?? []).filter((d) => d !== news.digest)];
      // The previous digest is what the registered model still uses while this update runs (the model and its jobs
      // are replaced after it, and may fail): it outlives `keep` until the next artifact change prunes it.
      const pruned = news.keep === undefined ? [] : history.slice(news.keep).filter((d) => d !== olds.digest);
      for (const digest of pruned) await deleteArtifact(deps.storage(), news.bucket, news.prefix, digest);
      const outs = {
        ...news,
        uri: artifactUri(news.bucket, news.prefix, news.digest),
        history: history.filter((d) => !pruned.includes(d)),
        uploadedObjects,
        prunedDigests: pruned,
      };
      return { outs: outs satisfies ModelArtifactOutputs };
    },

    async delete(_id: string, props: ModelArtifactOutputs): Promise<void> {
      if (props.keep === undefined) return;
      for (const digest of props.history ?? [props.digest]) await deleteArtifact(deps.storage(), props.bucket, props.prefix, digest);
    },
  };
}
