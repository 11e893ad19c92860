// The API's one error shape, checked by hand: the browser bundle carries no schema library
// (the zod contracts stay on the server and in types), and this is the only body the web app
// inspects before trusting it.
import type { ErrorResponse } from '../../contracts/index.js';

type ErrorBody = ErrorResponse['error'];

export function readErrorBody(json: unknown): ErrorBody | null {
  if (typeof json !== 'object' || json === null) return null;
  const error: unknown = (json as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return null;
  const { code, message, details, requestId } = error as Record<string, unknown>;
  if (typeof code !== 'string' || typeof message !== 'string') return null;
  if (requestId !== undefined && typeof requestId !== 'string') return null;
  return { code, message, details, ...(requestId === undefined ? {} : { requestId }) };
}
