import type { ErrorBody, ErrorCode, ErrorIssue, MessageParams } from '@shared/errors.ts';
import { sebJsHeaders } from '../seb/sebKeys.ts';
import { clearSebRefusal, isSebRefusal, reportSebRefusal } from '../seb/sebRefusal.ts';

/** Codes the client produces itself when there is no server answer to translate. */
export type ClientErrorCode = ErrorCode | 'NETWORK' | 'TIMEOUT';

/** What a 400 says is wrong, field by field (an invalid bank file, a bank that lacks items…). */
export type ApiIssue = ErrorIssue;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ClientErrorCode,
    message: string,
    readonly requestId?: string,
    readonly issues?: readonly ApiIssue[],
    /** The server's key for what exactly went wrong, worded by the client (`errors.detail.<key>`). */
    readonly key?: string,
    readonly params?: MessageParams,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string';
}

/** Shared with the XMLHttpRequest upload, which gets its body as text rather than a Response. */
export function apiErrorFrom(status: number, body: unknown, statusText: string): ApiError {
  if (isErrorBody(body)) {
    const { code, message, requestId, issues, key, params } = body.error;
    return new ApiError(status, code, message, requestId, issues, key, params);
  }
  // A proxy or crash page rather than our API: still give the UI a code it can translate.
  return new ApiError(status, status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL', statusText);
}

async function toApiError(res: Response): Promise<ApiError> {
  const body: unknown = await res.json().catch(() => null);
  return apiErrorFrom(res.status, body, res.statusText);
}

/** A body as sent: JSON for values, the raw bytes for a file (the server judges its type by content). */
function encodeBody(body: unknown, fileType = 'application/octet-stream'): { headers: Record<string, string>; body?: BodyInit } {
  if (body === undefined) return { headers: { accept: 'application/json' } };
  if (body instanceof Blob) return { headers: { accept: 'application/json', 'content-type': fileType }, body };
  return { headers: { accept: 'application/json', 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/**
 * Responses are typed by the shared contract but not re-validated with zod here: the server
 * validates what it sends, and zod would add weight to the bundle the lab computers load.
 */
export async function api<T>(path: string, init: { method?: string; body?: unknown; /** A file body's type when the route wants one (a zip). */ fileType?: string } = {}): Promise<T> {
  let res: Response;
  // The candidate API of a sitting that requires SEB checks SEB's keys (#17).
  const checked = path.startsWith('/api/candidate/');
  try {
    const encoded = encodeBody(init.body, init.fileType);
    res = await fetch(path, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      credentials: 'same-origin',
      ...encoded,
      headers: checked ? { ...encoded.headers, ...(await sebJsHeaders()) } : encoded.headers,
    });
  } catch (cause) {
    throw new ApiError(0, 'NETWORK', cause instanceof Error ? cause.message : String(cause));
  }
  if (!res.ok) {
    const error = await toApiError(res);
    if (checked && isSebRefusal(error.key)) reportSebRefusal(error.key, error.params);
    throw error;
  }
  if (checked) clearSebRefusal();
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}
