// GCS JSON API error bodies, shaped as the service sends them, so the real client builds the same ApiError
// (code, message, errors[].reason) for the emulator as for Google.

export class GcsError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }

  body(): object {
    return {
      error: {
        code: this.status,
        message: this.message,
        errors: [{ message: this.message, domain: 'global', reason: this.reason }],
      },
    };
  }
}

export const noSuchBucket = (bucket: string) => new GcsError(404, 'notFound', `The specified bucket does not exist.`);
export const noSuchObject = (bucket: string, name: string) =>
  new GcsError(404, 'notFound', `No such object: ${bucket}/${name}`);
export const badRequest = (message: string) => new GcsError(400, 'invalid', message);
export const preconditionFailed = () =>
  new GcsError(412, 'conditionNotMet', 'At least one of the pre-conditions you specified did not hold.');
