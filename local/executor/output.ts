/**
 * Vertex's output layout for a custom model: in the job's output folder, shard i of n writes
 * `prediction.results-0000i-of-0000n`, one PredictionResult per line: `{"instance"|"key": …, "prediction": […]}`,
 * or for a failed row `{"instance"|"key": …, "error": {"status": "INVALID_ARGUMENT", "message": …}}` (the error's
 * status "serialized into the enum name", PredictionResult.Error in the v1beta1 schema reference,
 * https://cloud.google.com/vertex-ai/docs/reference/rest/v1beta1/PredictionResult), and
 * `prediction.errors_stats-0000i-of-0000n`: one `('message', count)` line per distinct error of the shard
 * (jobs/errors-stats.ts; empty when none failed).
 * A shard is written to a local file first and uploaded when complete, like a Vertex worker does: memory stays
 * flat, and an upload is one request that can be retried (a request held open while a slow shard fills up
 * can meet a socket the server already closed).
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { status } from '@grpc/grpc-js';
import type { Storage } from '@google-cloud/storage';
import { ErrorStatsCounter } from '../../jobs/errors-stats';
import type { RowError } from './errors';
import { parseGsUri } from './gcs';
import type { RowEcho } from './model-input';

const SHARD_DIGITS = 5;
/** Attempts per shard upload; the bytes are on disk, so a retry resends the same object. */
const UPLOAD_ATTEMPTS = 3;
const UPLOAD_RETRY_MS = 200;
/** float32 needs 9 significant digits to round-trip; Number() then drops trailing zeros. */
const FLOAT32_DIGITS = 9;

export function shardFileName(kind: 'results' | 'errors_stats', index: number, count: number): string {
  const pad = (n: number) => String(n).padStart(SHARD_DIGITS, '0');
  return `prediction.${kind}-${pad(index)}-of-${pad(count)}`;
}

function formatPrediction(values: ArrayLike<number>): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    parts[i] = Number.isFinite(v) ? String(Number(v.toPrecision(FLOAT32_DIGITS))) : 'null';
  }
  return `[${parts.join(',')}]`;
}

export function resultLine(echo: RowEcho, prediction: ArrayLike<number>): string {
  const head = JSON.stringify(echo);
  return `${head.slice(0, -1)},"prediction":${formatPrediction(prediction)}}`;
}

/** The gRPC code's enum name (`status` is a numeric enum: its reverse mapping gives the name). */
export const statusName = (code: number): string => status[code] ?? 'UNKNOWN';

export function errorLine(echo: RowEcho, error: RowError): string {
  return JSON.stringify({ ...echo, error: { status: statusName(error.code), message: error.message } });
}

/** One local file written line by line, with back-pressure. */
class LineFile {
  private readonly stream: WriteStream;
  private failure?: Error;

  constructor(
    readonly localPath: string,
    readonly objectName: string,
  ) {
    this.stream = createWriteStream(localPath);
    // Kept, not thrown from an event: the next write or close reports it (and a destroyed file stays quiet).
    this.stream.on('error', (error) => (this.failure ??= error));
  }

  async write(line: string): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.stream.write(`${line}\n`)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    this.stream.end();
    await finished(this.stream);
  }

  destroy(): void {
    this.stream.destroy();
  }
}

export class ShardWriter {
  private results?: LineFile;
  private errors?: LineFile;
  private errorStats = new ErrorStatsCounter();

  constructor(
    private readonly storage: Storage,
    private readonly outputDir: string,
    readonly shardCount: number,
    private readonly localDir: string,
  ) {}

  private open(name: string): LineFile {
    const dir = parseGsUri(this.outputDir);
    if (!dir) throw new Error(`output directory ${this.outputDir} is not a gs:// URI`);
    return new LineFile(join(this.localDir, name), `${dir.object.replace(/\/+$/, '')}/${name}`);
  }

  private async upload(file: LineFile): Promise<void> {
    await file.close();
    const bucket = this.storage.bucket(parseGsUri(this.outputDir)?.bucket ?? '');
    for (let attempt = 1; ; attempt++) {
      try {
        await bucket.upload(file.localPath, { destination: file.objectName, resumable: false, contentType: 'application/jsonl' });
        break;
      } catch (error) {
        if (attempt >= UPLOAD_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, UPLOAD_RETRY_MS * attempt));
      }
    }
    await rm(file.localPath, { force: true });
  }

  async startShard(index: number): Promise<void> {
    await this.endShard();
    this.results = this.open(shardFileName('results', index, this.shardCount));
    this.errors = this.open(shardFileName('errors_stats', index, this.shardCount));
    this.errorStats = new ErrorStatsCounter();
  }

  async writeResult(echo: RowEcho, prediction: ArrayLike<number>): Promise<void> {
    await this.results?.write(resultLine(echo, prediction));
  }

  async writeError(echo: RowEcho, error: RowError): Promise<void> {
    await this.results?.write(errorLine(echo, error));
    this.errorStats.add(error.message);
  }

  /** Stops the open uploads after a failure; lines of shards already closed stay, as on Vertex. */
  abort(): void {
    this.results?.destroy();
    this.errors?.destroy();
    this.results = this.errors = undefined;
  }

  async endShard(): Promise<void> {
    if (this.errors) for (const line of this.errorStats.lines()) await this.errors.write(line);
    const open = [this.results, this.errors];
    this.results = this.errors = undefined;
    for (const file of open) if (file) await this.upload(file);
  }
}
