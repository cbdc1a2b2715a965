// Object hashes as GCS reports them: base64 of the big-endian CRC32C and of the MD5 digest.
// CRC32C comes from @google-cloud/storage itself (the same implementation the client validates with).
import { createHash } from 'node:crypto';
import { CRC32C } from '@google-cloud/storage';

export interface ObjectHashes {
  crc32c: string;
  md5Hash: string;
}

export function hashesOf(data: Buffer): ObjectHashes {
  const crc = new CRC32C();
  crc.update(data);
  return { crc32c: crc.toString(), md5Hash: createHash('md5').update(data).digest('base64') };
}

/** Parses an `X-Goog-Hash: crc32c=...,md5=...` header into its parts. */
export function parseGoogHash(header: string | undefined): Partial<Record<'crc32c' | 'md5', string>> {
  const parts: Partial<Record<'crc32c' | 'md5', string>> = {};
  for (const pair of (header ?? '').split(',')) {
    const at = pair.indexOf('=');
    const key = pair.slice(0, at).trim();
    if (key === 'crc32c' || key === 'md5') parts[key] = pair.slice(at + 1).trim();
  }
  return parts;
}
