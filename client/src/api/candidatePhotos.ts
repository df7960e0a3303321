import { api, ApiError } from './http.ts';

/** The photo the proctor compares at the door (#17), as the exam office uploads and views it. */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
export const officePhotoUrl = (candidateId: number) => `/api/admin/candidates/${candidateId}/photo`;

/** Refuses a file the server would refuse for its size before sending 5 MB over the network; the server checks the content. */
export function uploadCandidatePhoto(candidateId: number, file: File) {
  if (file.size > MAX_PHOTO_BYTES) return Promise.reject(new ApiError(0, 'TOO_LARGE', 'The photo is larger than 5 MB', undefined, undefined, 'identity.photoTooLarge'));
  return api<{ candidateId: number; mimeType: string; bytes: number; uploadedAt: number }>(officePhotoUrl(candidateId), { method: 'PUT', body: file });
}
