import { NotFoundError } from '../../core/errors.ts';
import type { SessionUser } from '../../core/session-user.ts';
import type { ItemMedia } from '../banks/item-media.ts';
import type { EvidenceSessions } from './ports.ts';

const RASTER = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const noImage = () => new NotFoundError('No such image', { key: 'evidence.noImage' });

/**
 * Images that task instructions refer to as `media:<name>`, served to the candidate who sits the
 * task while the part runs (the banks feature keeps the images, the exam feature the sessions).
 */
export function createTaskMedia(deps: { sessions: EvidenceSessions; media: ItemMedia }) {
  /** An image the shown text (a stem, and a theory item's options) refers to as media:<name>, from the latest import of its bank item. */
  async function ofStem(bankItemId: string, shown: string, name: string): Promise<{ mimeType: string; bytes: Buffer }> {
    // Checked before the read: a name the text does not mention costs no query.
    if (!shown.includes(`media:${name}`)) throw noImage();
    const media = (await deps.media.mediaOfItem(bankItemId)).find((m) => m.name === name);
    if (!media || !RASTER.has(media.mimeType)) throw noImage();
    return { mimeType: media.mimeType, bytes: Buffer.from(media.base64, 'base64') };
  }

  return {
    ofStem,
    async get(user: SessionUser, sessionId: number, itemId: number, name: string): Promise<{ mimeType: string; bytes: Buffer }> {
      const session = await deps.sessions.ownSession(user, sessionId, noImage);
      const item = session.status === 'in_progress' ? await deps.sessions.paperItem(session, itemId) : undefined;
      if (!item) throw noImage();
      // Only media the stem or an option refers to, so a candidate cannot fish for other items' images.
      return ofStem(item.bankItemId, [item.stem, ...item.options.map((o) => o.text)].join('\n'), name);
    },
  };
}
export type TaskMedia = ReturnType<typeof createTaskMedia>;
