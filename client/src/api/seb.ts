import type { SebFileBody, SebSettings, SebSettingsBody } from '@shared/seb.ts';
import { api, ApiError, apiErrorFrom } from './http.ts';

export const sebSettingsQueryKey = (sittingId: number) => ['admin', 'sittings', sittingId, 'seb'] as const;
export const fetchSebSettings = (sittingId: number) => api<SebSettings>(`/api/admin/sittings/${sittingId}/seb`);
export const putSebSettings = (sittingId: number, body: SebSettingsBody) => api<SebSettings>(`/api/admin/sittings/${sittingId}/seb`, { method: 'PUT', body });

/**
 * Fetches the `.seb` file (a POST: the optional password travels in the body, not the URL) and
 * hands it to the browser as a download. Resolves with the file name and the Config Key it carries.
 */
export async function downloadSebFile(sittingId: number, body: SebFileBody): Promise<{ fileName: string; configKey: string }> {
  let res: Response;
  try {
    res = await fetch(`/api/admin/sittings/${sittingId}/seb/file`, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch (cause) {
    throw new ApiError(0, 'NETWORK', cause instanceof Error ? cause.message : String(cause));
  }
  if (!res.ok) throw apiErrorFrom(res.status, await res.json().catch(() => null), res.statusText);
  const fileName = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `sitting-${sittingId}.seb`;
  const url = URL.createObjectURL(await res.blob());
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // Released once the browser has surely taken the file over.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
  return { fileName, configKey: res.headers.get('x-seb-config-key') ?? '' };
}
