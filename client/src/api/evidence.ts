import type { Screenshot } from '@shared/evidence.ts';
import { sebJsHeaders } from '../seb/sebKeys.ts';
import { api, ApiError, apiErrorFrom } from './http.ts';

export const screenshotUrl = (id: number) => `/api/screenshots/${id}/file`;

export const listScreenshots = (sessionId: number) => api<{ screenshots: Screenshot[] }>(`/api/candidate/sessions/${sessionId}/screenshots`);
export const removeScreenshot = (id: number) => api<null>(`/api/candidate/screenshots/${id}`, { method: 'DELETE' });
export const setScreenshotCaption = (id: number, caption: string | null) => api<Screenshot>(`/api/candidate/screenshots/${id}`, { method: 'PATCH', body: { caption } });

/**
 * XMLHttpRequest rather than fetch: only it reports upload progress. Resolves only on the
 * server's 201, i.e. after the file is on disk and its row committed.
 */
export function uploadScreenshot(
  target: { sessionId: number; itemId: number },
  file: Blob,
  caption: string | null,
  onProgress: (fraction: number) => void,
): { done: Promise<Screenshot>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<Screenshot>((resolve, reject) => {
    xhr.open('POST', `/api/candidate/sessions/${target.sessionId}/items/${target.itemId}/screenshots`);
    xhr.withCredentials = true;
    xhr.responseType = 'text';
    xhr.setRequestHeader('accept', 'application/json');
    xhr.timeout = 120_000;
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText) as unknown;
      } catch {
        /* not JSON: apiErrorFrom still gives a translatable code */
      }
      if (xhr.status === 201 && body !== null) resolve(body as Screenshot);
      else reject(apiErrorFrom(xhr.status, body, xhr.statusText));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'Upload failed'));
    xhr.ontimeout = () => reject(new ApiError(0, 'TIMEOUT', 'Upload timed out'));
    xhr.onabort = () => reject(new ApiError(0, 'NETWORK', 'Upload cancelled'));
    const form = new FormData();
    // The caption goes first so the server knows it before the file's bytes arrive; the name is never used.
    if (caption) form.append('caption', caption);
    form.append('file', file, 'screenshot');
    // SEB's JavaScript API keys, for a sitting that requires SEB (#17); none in other browsers.
    void sebJsHeaders().then((headers) => {
      for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
      xhr.send(form);
    });
  });
  return { done, abort: () => xhr.abort() };
}
