/**
 * A job's rows on their way to the model, grouped as Vertex groups them: requests of
 * `manualBatchTuningParameters.batchSize` instances, in input order, each converted by the model server as a
 * whole (row-format.ts, TF Serving's FillTensorMapFromInstancesList): one bad or differently shaped instance
 * fails the request, and Vertex then writes an error row, with that one message, for every instance of it.
 * Rows that never reach the server (unreadable lines, instanceConfig errors) are error rows of their own and take
 * no place in a request. The texts of good requests are pooled into predict calls of the size the predictor
 * wants, which changes nothing in the output.
 */
import { status } from '@grpc/grpc-js';
import type { RowError } from './errors';
import { JobFailure } from './errors';
import { MAX_INSTANCE_BYTES } from './input-lines';
import type { PreparedRow, RowEcho } from './model-input';
import type { ShardWriter } from './output';
import type { Predictor } from './predictor';
import { requestTexts } from './row-format';

/**
 * Text per predict call: long texts go to the model in smaller calls. The encoder's memory grows with the
 * tokens of a call, more than linearly (measured: peak RSS 820 MB for a call of one 1.5 MB text, 1.7 GB for
 * calls of two), so a call holds at most this much text, or one instance alone when it is longer.
 */
export const MAX_CALL_TEXT_CHARS = MAX_INSTANCE_BYTES;

export class ModelRequests {
  successfulCount = 0;
  failedCount = 0;
  private request: PreparedRow[] = [];
  private call: { echo: RowEcho; text: string }[] = [];
  private callChars = 0;
  private readonly textsPerCall: number;

  constructor(
    private readonly predictor: Predictor,
    private readonly writer: ShardWriter,
    private readonly batchSize: number,
    private readonly signal: AbortSignal,
  ) {
    this.textsPerCall = predictor.maxTextsPerCall ?? batchSize;
  }

  /** A row that reached the model server: it joins the open request, which is sent once it is full. */
  async add(row: PreparedRow): Promise<void> {
    this.request.push(row);
    if (this.request.length >= this.batchSize) await this.send();
  }

  /** A row that failed before it could be sent. */
  async fail(echo: RowEcho, error: RowError): Promise<void> {
    await this.writer.writeError(echo, error);
    this.failedCount += 1;
  }

  /** Sends the open request and runs the pooled texts: at the end of a shard and of the job. */
  async flush(): Promise<void> {
    await this.send();
    await this.predictCall();
  }

  private async send(): Promise<void> {
    const rows = this.request;
    this.request = [];
    if (rows.length === 0) return;
    const texts = requestTexts(rows.map((row) => row.value), this.predictor.inputName);
    if (!Array.isArray(texts)) {
      for (const row of rows) await this.fail(row.echo, texts);
      return;
    }
    for (let i = 0; i < rows.length; i++) {
      if (this.callChars + texts[i].length > MAX_CALL_TEXT_CHARS) await this.predictCall();
      this.call.push({ echo: rows[i].echo, text: texts[i] });
      this.callChars += texts[i].length;
      if (this.call.length >= this.textsPerCall) await this.predictCall();
    }
  }

  private async predictCall(): Promise<void> {
    const call = this.call;
    if (call.length === 0) return;
    if (this.signal.aborted) throw new JobFailure(status.CANCELLED, 'The job was cancelled.');
    const predictions = await this.predictor.predict(call.map((row) => row.text));
    if (predictions.length !== call.length) {
      throw new JobFailure(status.INTERNAL, `The model returned ${predictions.length} predictions for ${call.length} instances.`);
    }
    for (let i = 0; i < call.length; i++) await this.writer.writeResult(call[i].echo, predictions[i]);
    this.successfulCount += call.length;
    this.call = [];
    this.callChars = 0;
  }
}
