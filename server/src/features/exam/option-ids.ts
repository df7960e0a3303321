import { createHmac } from 'node:crypto';
import { BadRequestError } from '../../core/errors.ts';

/**
 * The ids of an item's options as one candidate's browser knows them. The bank's own ids (a, b, c…)
 * would give away the authored order (sorting by id undoes the shuffle), and shared ids would let
 * two candidates compare notes by id. So each candidate gets opaque ids derived with a server
 * secret from (paper, candidate, item): deterministic, so a reload or a journal replay speaks the
 * same ids, and mapped back to bank ids at the door; scores, stored answers and item analysis
 * only ever see bank ids.
 */

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const BYTES_PER_ID = 5; // encodeAt reads exactly five
/** One HMAC-SHA512 (64 bytes) covers 12 options; banks allow at most 8. */
const MAX_OPTIONS = Math.floor(64 / BYTES_PER_ID);

const CODES = [...ALPHABET].map((c) => c.charCodeAt(0));

/**
 * The id at `offset` of a digest: its 40 bits as 8 letters of 5 bits, the top byte and the next four
 * read as 32-bit integers, into one string: a start maps every option of the paper, so no slice, no
 * string per letter and no floating point.
 */
function encodeAt(digest: Buffer, offset: number): string {
  const hi = digest[offset]!;
  const lo = (digest[offset + 1]! << 24) | (digest[offset + 2]! << 16) | (digest[offset + 3]! << 8) | digest[offset + 4]!;
  return String.fromCharCode(
    CODES[hi >>> 3]!,
    CODES[((hi & 7) << 2) | (lo >>> 30)]!,
    CODES[(lo >>> 25) & 31]!,
    CODES[(lo >>> 20) & 31]!,
    CODES[(lo >>> 15) & 31]!,
    CODES[(lo >>> 10) & 31]!,
    CODES[(lo >>> 5) & 31]!,
    CODES[lo & 31]!,
  );
}

type ItemOptions = { id: number; options: readonly { id: string }[] };

export type CandidateOptionIds = {
  /** Opaque ids of the item's options, in the bank's order. */
  idsOf(item: ItemOptions): string[];
  toClient(item: ItemOptions, bankIds: readonly string[]): string[];
  /** Throws a BadRequestError for an id this candidate was never given for this item. */
  toBank(item: ItemOptions, clientIds: readonly string[]): string[];
};

/** `secretOf` is asked once, at the first use: building the app must not need a write to the database. */
export function createOptionIds(secretOf: () => Buffer) {
  let secret: Buffer | null = null;
  return function forCandidate(paperId: number, candidateId: number): CandidateOptionIds {
    // A save maps in and back out for the same item: one HMAC, not two.
    let last: { itemId: number; ids: string[] } | null = null;
    function idsOf(item: ItemOptions): string[] {
      if (last?.itemId === item.id) return last.ids;
      last = { itemId: item.id, ids: derive(item) };
      return last.ids;
    }
    function derive(item: ItemOptions): string[] {
      if (item.options.length > MAX_OPTIONS) throw new Error(`item ${item.id} has more than ${MAX_OPTIONS} options`);
      secret ??= secretOf();
      const digest = createHmac('sha512', secret).update(`${paperId}:${candidateId}:${item.id}`).digest();
      const ids = item.options.map((_, i) => encodeAt(digest, i * BYTES_PER_ID));
      // Two equal 40-bit ids within one item are all but impossible; should it happen, the position keeps them apart.
      return ids.map((id, i) => (ids.indexOf(id) === i ? id : `${id}${i}`));
    }
    return {
      idsOf,
      toClient(item, bankIds) {
        const ids = idsOf(item);
        return bankIds.map((bankId) => ids[item.options.findIndex((o) => o.id === bankId)] ?? bankId);
      },
      toBank(item, clientIds) {
        const ids = idsOf(item);
        return clientIds.map((clientId) => {
          const i = ids.indexOf(clientId);
          if (i < 0) throw new BadRequestError(`"${clientId}" is not an option of item ${item.id}`, { key: 'exam.notAnOption' });
          return item.options[i]!.id;
        });
      },
    };
  };
}
export type OptionIds = ReturnType<typeof createOptionIds>;
