// What the query engine answers: a status and a JSON body. A request it cannot answer throws ApiError, which
// errorResponse turns into Close's `{"error": "..."}` answer.

export interface EngineResponse {
  status: number;
  body: unknown;
}

/** A 4xx answer with Close's `{"error": "..."}` body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function errorResponse(error: unknown): EngineResponse {
  if (error instanceof ApiError) return { status: error.status, body: { error: error.message } };
  throw error;
}
