import fs from 'node:fs';
import type { FastifyReply } from 'fastify';

/** Sends a stored document inline, typed by what the content check found, never by its name. */
export function sendDocument(reply: FastifyReply, doc: { file: string; mimeType: string; fileName: string; bytes: number }) {
  return reply
    .type(doc.mimeType)
    .header('content-length', doc.bytes)
    .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(doc.fileName)}`)
    .header('cache-control', 'private, no-store')
    .send(fs.createReadStream(doc.file));
}
