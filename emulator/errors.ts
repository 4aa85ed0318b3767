/** An error the API reports to the caller as `{ errors: [{ key?, message }] }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly key?: string,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, key?: string): ApiError => new ApiError(400, message, key);

export const notFound = (kind: string, id: string, key?: string): ApiError =>
  new ApiError(404, `${kind} ${id} not found`, key);
