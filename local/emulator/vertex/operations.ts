/**
 * Long-running operations as google-gax polls them: the first answer is `done: false` with typed metadata,
 * and the operation completes on the next GetOperation, so the client's `.promise()` really polls
 * `google.longrunning.Operations/GetOperation` and decodes the `response`/`metadata` Any values.
 */
import { notFound } from './errors';
import { packAny, V1_PACKAGE } from './proto';
import { toTimestamp } from './time';
import type { RpcStatus } from './types';

export interface OperationMessage {
  name: string;
  metadata: Record<string, unknown>;
  done: boolean;
  response?: Record<string, unknown>;
  error?: RpcStatus;
}

interface StoredOperation {
  operation: OperationMessage;
  pollsBeforeDone: number;
  result: { response: Record<string, unknown> } | { error: RpcStatus };
}

/** Polls answered `done: false` before the operation completes. */
const POLLS_BEFORE_DONE = 0;

export class OperationStore {
  private readonly operations = new Map<string, StoredOperation>();
  private counter = 0;

  /**
   * @param resourceName the resource the operation acts on; the operation is named under it, like Vertex does.
   * @param metadataType e.g. `UploadModelOperationMetadata` (its `genericMetadata` is filled in here).
   * @param responseType fully qualified response message, e.g. `google.protobuf.Empty`.
   */
  start(
    resourceName: string,
    metadataType: string,
    now: number,
    responseType: string,
    responseFields: Record<string, unknown>,
  ): OperationMessage {
    this.counter += 1;
    const name = `${resourceName}/operations/${(8_000_000_000_000_000_000n + BigInt(this.counter)).toString()}`;
    const metadata = packAny(`${V1_PACKAGE}.${metadataType}`, {
      genericMetadata: { createTime: toTimestamp(now), updateTime: toTimestamp(now) },
    });
    const operation: OperationMessage = { name, metadata, done: false };
    this.operations.set(name, {
      operation,
      pollsBeforeDone: POLLS_BEFORE_DONE,
      result: { response: packAny(responseType, responseFields) },
    });
    return structuredClone(operation);
  }

  /** An operation that ends with `error` (Vertex reports problems found while working in the operation). */
  startFailed(resourceName: string, metadataType: string, now: number, error: RpcStatus): OperationMessage {
    const operation = this.start(resourceName, metadataType, now, 'google.protobuf.Empty', {});
    this.operations.get(operation.name)!.result = { error };
    return operation;
  }

  get(name: string): OperationMessage {
    const stored = this.operations.get(name);
    if (!stored) throw notFound(`Operation "${name}" not found.`);
    if (!stored.operation.done) {
      if (stored.pollsBeforeDone > 0) stored.pollsBeforeDone -= 1;
      else Object.assign(stored.operation, { done: true }, stored.result);
    }
    return structuredClone(stored.operation);
  }

  delete(name: string): void {
    if (!this.operations.delete(name)) throw notFound(`Operation "${name}" not found.`);
  }

  clear(): void {
    this.operations.clear();
  }
}
