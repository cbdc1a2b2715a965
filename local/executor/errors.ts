/** A job-level failure with the gRPC code Vertex reports in `BatchPredictionJob.error`. */
import { status } from '@grpc/grpc-js';

export class JobFailure extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'JobFailure';
  }
}

/** A per-row failure, written to the errors file as `{"instance": …, "error": {code, message}}`. */
export interface RowError {
  code: number;
  message: string;
}

export const rowError = (message: string, code: number = status.INVALID_ARGUMENT): RowError => ({ code, message });
