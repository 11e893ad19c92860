// The one way the browser talks to the server: JSON over fetch, same-origin cookies, CSRF
// double-submit header on unsafe methods, the UI language, and errors as ApiError.
import i18n, { currentLang } from '../i18n/index.js';
import { noteApiResponse } from '../offline/status.js';
import { readErrorBody } from './error-body.js';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export const BASE = '/api/v1';
const CSRF_COOKIE = 'btp_csrf';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Query;
  /** Sent as Idempotency-Key: for requests that move money or stock. */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

let csrfFetch: Promise<void> | null = null;

/** The server sets btp_csrf on any response; ask for the session once if it is missing. */
export async function csrfToken(forceRefresh = false): Promise<string> {
  let token = forceRefresh ? undefined : readCookie(CSRF_COOKIE);
  if (!token) {
    csrfFetch ??= fetch(`${BASE}/session`, { credentials: 'same-origin' })
      .then(() => undefined)
      .finally(() => {
        csrfFetch = null;
      });
    await csrfFetch;
    token = readCookie(CSRF_COOKIE);
  }
  return token ?? '';
}

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function send(path: string, opts: RequestOptions, csrf: string | null): Promise<Response> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': currentLang(),
  };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (csrf !== null) headers['x-csrf-token'] = csrf;
  if (opts.idempotencyKey) headers['Idempotency-Key'] = opts.idempotencyKey;
  try {
    const res = await fetch(BASE + withQuery(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
    noteApiResponse(res);
    return res;
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK_ERROR', i18n.t('common.networkError'));
  }
}

export async function toError(res: Response): Promise<ApiError> {
  let json: unknown = null;
  try {
    json = await res.json();
  } catch {
    // Not JSON (a proxy page, an empty body): fall through to the generic message.
  }
  const body = readErrorBody(json);
  if (body) return new ApiError(res.status, body.code, body.message, body.details);
  return new ApiError(res.status, `HTTP_${res.status}`, i18n.t('common.serverError'));
}

/** Calls the API and returns its JSON body (undefined for 204), or throws ApiError. */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const unsafe = UNSAFE.has(opts.method ?? 'GET');
  let res = await send(path, opts, unsafe ? await csrfToken() : null);
  if (!res.ok && unsafe && res.status === 403) {
    const err = await toError(res.clone());
    // The CSRF cookie may have been replaced (new session): refresh it and retry once.
    if (err.code === 'CSRF_FAILED') res = await send(path, opts, await csrfToken(true));
  }
  if (!res.ok) throw await toError(res);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The text to show a person for any error; never a stack trace. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return i18n.t('common.serverError');
}
