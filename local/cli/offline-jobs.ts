// Which of a stack's jobs `npm start` can run on the emulators, and how. Local files run for real. A job that reads
// objects in a bucket the emulator cannot see (`uris`) runs only when `--map gs://BUCKET/PREFIX=DIR` says which
// local folder holds those objects; a BigQuery job (table input or output) has no emulator. Such jobs are refused
// up front, with the reason and what to do, before anything starts: never skipped silently.
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { JobDefinition } from '../../jobs/notebook-jobs';
import { UsageError } from './args';

export interface FolderMap {
  /** gs://BUCKET/PREFIX (no trailing slash). */
  uri: string;
  dir: string;
}

/** `--map gs://bucket/prefix=DIR` values, checked. */
export function parseMaps(values: readonly string[]): FolderMap[] {
  return values.map((value) => {
    const match = /^(gs:\/\/[^/=]+(?:\/[^=]*)?)=(.+)$/.exec(value);
    if (!match) throw new UsageError(`--map: "${value}" is not gs://BUCKET/PREFIX=LOCAL_DIR`);
    return { uri: match[1]!.replace(/\/+$/, ''), dir: match[2]! };
  });
}

/** Objects to put in the emulator for the mapped foreign URIs a job reads: gs:// URI → local file. */
export interface MappedObject {
  bucket: string;
  name: string;
  file: string;
}

/** Every refusal (one line per job), empty when all jobs can run offline. */
export function offlineRefusals(definitions: readonly JobDefinition[], maps: readonly FolderMap[]): string[] {
  return definitions.flatMap((d) => {
    if (d.bigquerySource || d.bigqueryDestination) {
      const what = d.bigquerySource ? `reads the BigQuery table ${d.bigquerySource}` : `writes to the BigQuery dataset ${d.bigqueryDestination}`;
      return [`job ${d.key}: ${what}, and BigQuery has no offline emulator here; run it with \`pulumi up\`, or leave it out of this run with --skip ${d.key}`];
    }
    const unmapped = (d.foreignSources ?? []).filter((uri) => !maps.some((m) => uri.startsWith(`${m.uri}/`)));
    return unmapped.map(
      (uri) => `job ${d.key}: reads ${uri} in place, a bucket the emulator cannot see; give its objects a local folder with --map ${uri.slice(0, uri.lastIndexOf('/'))}=DIR, or leave the job out with --skip ${d.key}`,
    );
  });
}

/** The local files standing in for the foreign objects the jobs read (each mapped folder, recursively). */
export function mappedObjects(definitions: readonly JobDefinition[], maps: readonly FolderMap[]): MappedObject[] {
  const used = maps.filter((m) => definitions.some((d) => (d.foreignSources ?? []).some((uri) => uri.startsWith(`${m.uri}/`))));
  return used.flatMap((m) => {
    const [, bucket, prefix] = /^gs:\/\/([^/]+)\/?(.*)$/.exec(m.uri)!;
    return listFiles(m.dir).map((file) => ({ bucket: bucket!, name: [prefix, relative(m.dir, file).split(sep).join('/')].filter(Boolean).join('/'), file }));
  });
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path) : entry.isFile() ? [path] : [];
  });
}
