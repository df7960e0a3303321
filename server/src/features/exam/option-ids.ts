import { createCipheriv, createHmac, type Cipher } from 'node:crypto';
import { BadRequestError } from '../../core/errors.ts';

/**
 * The ids of an item's options as one candidate's browser knows them. The bank's own ids (a, b, c…)
 * would give away the authored order (sorting by id undoes the shuffle), and shared ids would let
 * two candidates compare notes by id. So each candidate gets opaque ids derived with a server
 * secret from (paper, candidate, item): deterministic, so a reload or a journal replay speaks the
 * same ids, and mapped back to bank ids at the door; scores, stored answers and item analysis
 * only ever see bank ids.
 *
 * Two derivations, chosen by the session's `optionIdsVersion` (a page and its journal keep speaking
 * the ids their session started with, across upgrades):
 *  1. an HMAC-SHA512 of (paper, candidate, item) per item: 90 per paper view, a fifth of the server's
 *     time in a start storm (docs/cluster.md §9);
 *  2. AES-256 (one cipher per node, its key derived from the secret) over blocks naming (paper,
 *     candidate, item, block): a whole paper's items in one call, as unpredictable without the secret.
 */
export type OptionIdsVersion = 1 | 2;
/** What a session started now gets (the insert in exam-dal.ts writes it). */
export const CURRENT_OPTION_IDS_VERSION = 2 satisfies OptionIdsVersion;

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const BYTES_PER_ID = 5; // encodeAt reads exactly five
/** 64 bytes per item (one HMAC-SHA512, or four AES blocks) cover 12 options; banks allow at most 8. */
const DIGEST_BYTES = 64;
const MAX_OPTIONS = Math.floor(DIGEST_BYTES / BYTES_PER_ID);
const AES_BLOCK = 16;

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

/**
 * Version 2's 64 bytes of each item, for many items in one cipher call: per item four plaintext blocks
 * (paper, candidate, item, block index as 32-bit integers), all distinct, so ECB's outputs are
 * independent pseudo-random blocks. The cipher keeps no state between blocks: one serves every call.
 */
function aesDigests(cipher: Cipher, paperId: number, candidateId: number, itemIds: readonly number[]): Buffer {
  const plain = Buffer.from(plaintextOf(paperId, itemIds));
  // Only the candidate differs between candidates of a paper: written into a copy of the paper's blocks.
  for (let at = 4; at < plain.length; at += AES_BLOCK) {
    plain[at] = candidateId >>> 24;
    plain[at + 1] = (candidateId >>> 16) & 255;
    plain[at + 2] = (candidateId >>> 8) & 255;
    plain[at + 3] = candidateId & 255;
  }
  return cipher.update(plain);
}

/** The blocks of (paper, items) with candidate 0, kept per item list (a paper's is fixed once loaded). */
const plaintexts = new WeakMap<readonly number[], { paperId: number; plain: Buffer }>();
function plaintextOf(paperId: number, itemIds: readonly number[]): Buffer {
  const kept = plaintexts.get(itemIds);
  if (kept?.paperId === paperId) return kept.plain;
  const plain = Buffer.alloc(itemIds.length * DIGEST_BYTES);
  itemIds.forEach((itemId, k) => {
    for (let block = 0; block < DIGEST_BYTES / AES_BLOCK; block++) {
      const at = k * DIGEST_BYTES + block * AES_BLOCK;
      plain.writeUInt32BE(paperId, at);
      plain.writeUInt32BE(itemId, at + 8);
      plain.writeUInt32BE(block, at + 12);
    }
  });
  plaintexts.set(itemIds, { paperId, plain });
  return plain;
}

/**
 * Version 2's four blocks of one item, as `aesDigests` makes them, in a buffer reused by every call:
 * the cipher has read it before the call returns, and the event loop runs one call at a time.
 */
const itemBlocks = Buffer.alloc(DIGEST_BYTES);
function oneItemBlocks(paperId: number, candidateId: number, itemId: number): Buffer {
  for (let block = 0; block < DIGEST_BYTES / AES_BLOCK; block++) {
    const at = block * AES_BLOCK;
    itemBlocks.writeUInt32BE(paperId, at);
    itemBlocks.writeUInt32BE(candidateId, at + 4);
    itemBlocks.writeUInt32BE(itemId, at + 8);
    itemBlocks.writeUInt32BE(block, at + 12);
  }
  return itemBlocks;
}

function aesCipherOn(secret: Buffer): Cipher {
  const key = createHmac('sha512', secret).update('option-ids v2: AES-256 key').digest().subarray(0, 32);
  return createCipheriv('aes-256-ecb', key, null).setAutoPadding(false);
}

/** The item's ids from its 64 bytes at `offset` of `digest`. */
function idsFrom(item: ItemOptions, digest: Buffer, offset: number): string[] {
  if (item.options.length > MAX_OPTIONS) throw new Error(`item ${item.id} has more than ${MAX_OPTIONS} options`);
  const ids = new Array<string>(item.options.length);
  for (let i = 0; i < ids.length; i++) {
    const id = encodeAt(digest, offset + i * BYTES_PER_ID);
    // Two equal 40-bit ids within one item are all but impossible; should it happen, the position keeps them apart.
    ids[i] = ids.indexOf(id) >= 0 ? `${id}${i}` : id;
  }
  return ids;
}

/** A paper's items with options and their ids, kept per item list: the same arrays every start, so its plaintext is kept too. */
const withOptionsKept = new WeakMap<readonly ItemOptions[], { withOptions: ItemOptions[]; ids: number[] }>();
function withOptionsOf(items: readonly ItemOptions[]) {
  let kept = withOptionsKept.get(items);
  if (!kept) {
    const withOptions = items.filter((i) => i.options.length > 0);
    kept = { withOptions, ids: withOptions.map((i) => i.id) };
    withOptionsKept.set(items, kept);
  }
  return kept;
}

export type CandidateOptionIds = {
  /** Derives the ids of many items at once (a paper view), for `idsOf` to read. */
  prepare(items: readonly ItemOptions[]): void;
  /** Opaque ids of the item's options, in the bank's order. */
  idsOf(item: ItemOptions): string[];
  toClient(item: ItemOptions, bankIds: readonly string[]): string[];
  /** Throws a BadRequestError for an id this candidate was never given for this item. */
  toBank(item: ItemOptions, clientIds: readonly string[]): string[];
};

/** `secretOf` is asked once, at the first use: building the app must not need a write to the database. */
export function createOptionIds(secretOf: () => Buffer) {
  let secret: Buffer | null = null;
  let cipher: Cipher | null = null;
  return function forCandidate(paperId: number, candidateId: number, version: OptionIdsVersion): CandidateOptionIds {
    // A save maps in and back out for the same item: one derivation, not two.
    let last: { itemId: number; ids: string[] } | null = null;
    let prepared: Map<number, string[]> | null = null;
    function idsOf(item: ItemOptions): string[] {
      const ready = prepared?.get(item.id);
      if (ready) return ready;
      if (last?.itemId === item.id) return last.ids;
      last = { itemId: item.id, ids: version === 1 ? hmacIds(item) : aesItemIds(item) };
      return last.ids;
    }
    function hmacIds(item: ItemOptions): string[] {
      secret ??= secretOf();
      return idsFrom(item, createHmac('sha512', secret).update(`${paperId}:${candidateId}:${item.id}`).digest(), 0);
    }
    function aesIds(items: readonly ItemOptions[], itemIds: readonly number[] = items.map((i) => i.id)): string[][] {
      cipher ??= aesCipherOn((secret ??= secretOf()));
      const digests = aesDigests(cipher, paperId, candidateId, itemIds);
      return items.map((item, k) => idsFrom(item, digests, k * DIGEST_BYTES));
    }
    /** One item's ids (a save), its blocks written into a buffer kept for it: no paper's plaintext copied, nothing kept per call. */
    function aesItemIds(item: ItemOptions): string[] {
      cipher ??= aesCipherOn((secret ??= secretOf()));
      return idsFrom(item, cipher.update(oneItemBlocks(paperId, candidateId, item.id)), 0);
    }
    return {
      prepare(items) {
        // Version 1 has no cheaper way than one HMAC per item, as idsOf does.
        if (version === 1) return;
        const { withOptions, ids } = withOptionsOf(items);
        const all = aesIds(withOptions, ids);
        prepared = new Map();
        for (let k = 0; k < withOptions.length; k++) prepared.set(withOptions[k]!.id, all[k]!);
      },
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
