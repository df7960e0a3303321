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
/** The most bytes writeId writes: 8 letters and a position of up to two digits (MAX_OPTIONS). */
export const MAX_ID_BYTES = 10;

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

/** The item's ids from its 64 bytes at `offset` of `digest` (exported for tests). */
export function idsFrom(item: ItemOptions, digest: Buffer, offset: number): string[] {
  checkOptionCount(item);
  const ids = new Array<string>(item.options.length);
  // Two equal 40-bit ids within one item are all but impossible; should it happen, the position keeps them apart.
  for (let i = 0; i < ids.length; i++) ids[i] = suffixed(digest, offset, i) ? `${encodeAt(digest, offset + i * BYTES_PER_ID)}${i}` : encodeAt(digest, offset + i * BYTES_PER_ID);
  return ids;
}

function checkOptionCount(item: ItemOptions) {
  if (item.options.length > MAX_OPTIONS) throw new Error(`item ${item.id} has more than ${MAX_OPTIONS} options`);
}

/**
 * Whether option `i`'s id carries its position: an earlier option of the item has the same 40 bits
 * and kept them unsuffixed (the ids a page of version 1 or 2 has always been given).
 */
function suffixed(digest: Buffer, offset: number, i: number): boolean {
  for (let j = 0; j < i; j++) if (same40(digest, offset + j * BYTES_PER_ID, offset + i * BYTES_PER_ID) && !suffixed(digest, offset, j)) return true;
  return false;
}

function same40(digest: Buffer, a: number, b: number): boolean {
  for (let k = 0; k < BYTES_PER_ID; k++) if (digest[a + k] !== digest[b + k]) return false;
  return true;
}

/** The id at `offset` written as ASCII into `out` at `at` (encodeAt's letters, no string made); returns where it ends. */
function writeAt(digest: Buffer, offset: number, out: Buffer, at: number): number {
  const hi = digest[offset]!;
  const lo = (digest[offset + 1]! << 24) | (digest[offset + 2]! << 16) | (digest[offset + 3]! << 8) | digest[offset + 4]!;
  out[at] = CODES[hi >>> 3]!;
  out[at + 1] = CODES[((hi & 7) << 2) | (lo >>> 30)]!;
  out[at + 2] = CODES[(lo >>> 25) & 31]!;
  out[at + 3] = CODES[(lo >>> 20) & 31]!;
  out[at + 4] = CODES[(lo >>> 15) & 31]!;
  out[at + 5] = CODES[(lo >>> 10) & 31]!;
  out[at + 6] = CODES[(lo >>> 5) & 31]!;
  out[at + 7] = CODES[lo & 31]!;
  return at + 8;
}

/** What idsFrom makes the id of option `bankAt`, written as writeId does (exported for tests). */
export function writeIdFrom(digest: Buffer, offset: number, bankAt: number, out: Buffer, at: number): number {
  const end = writeAt(digest, offset + bankAt * BYTES_PER_ID, out, at);
  return suffixed(digest, offset, bankAt) ? writeAscii(String(bankAt), out, end) : end;
}

/** ASCII text into `out` at `at`; returns where it ends. */
export function writeAscii(text: string, out: Buffer, at: number): number {
  for (let c = 0; c < text.length; c++) out[at + c] = text.charCodeAt(c);
  return at + text.length;
}

/** A paper's items with options and their ids, kept per item list: the same arrays every start, so its plaintext is kept too. */
/** `offsets`: where each item's 64 bytes start in the digests of `ids`. */
const withOptionsKept = new WeakMap<readonly ItemOptions[], { withOptions: ItemOptions[]; ids: number[]; offsets: Map<number, number> }>();
function withOptionsOf(items: readonly ItemOptions[]) {
  let kept = withOptionsKept.get(items);
  if (!kept) {
    const withOptions = items.filter((i) => i.options.length > 0);
    kept = { withOptions, ids: withOptions.map((i) => i.id), offsets: new Map(withOptions.map((i, k) => [i.id, k * DIGEST_BYTES])) };
    withOptionsKept.set(items, kept);
  }
  return kept;
}

export type CandidateOptionIds = {
  /** Derives the ids of many items at once (a paper view), for `idsOf` to read. */
  prepare(items: readonly ItemOptions[]): void;
  /** Opaque ids of the item's options, in the bank's order. */
  idsOf(item: ItemOptions): string[];
  /**
   * The id of the item's option `bankAt` (bank order), as ASCII into `out` at `at`; returns where it
   * ends (at most MAX_ID_BYTES on). A prepared item's is written from its digest without a string:
   * a compact view writes all of a paper's ids per start (session-view.ts).
   */
  writeId(item: ItemOptions, bankAt: number, out: Buffer, at: number): number;
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
    // Prepared (version 2): the items' digests, each item's ids made from them only when asked for.
    let prepared: { digests: Buffer; offsets: Map<number, number>; ids: Map<number, string[]> } | null = null;
    function idsOf(item: ItemOptions): string[] {
      const offset = prepared?.offsets.get(item.id);
      if (prepared && offset !== undefined) {
        let ids = prepared.ids.get(item.id);
        if (!ids) prepared.ids.set(item.id, (ids = idsFrom(item, prepared.digests, offset)));
        return ids;
      }
      if (last?.itemId === item.id) return last.ids;
      last = { itemId: item.id, ids: version === 1 ? hmacIds(item) : aesItemIds(item) };
      return last.ids;
    }
    function hmacIds(item: ItemOptions): string[] {
      secret ??= secretOf();
      return idsFrom(item, createHmac('sha512', secret).update(`${paperId}:${candidateId}:${item.id}`).digest(), 0);
    }
    /** One item's ids (a save), its blocks written into a buffer kept for it: no paper's plaintext copied, nothing kept per call. */
    function aesItemIds(item: ItemOptions): string[] {
      cipher ??= aesCipherOn((secret ??= secretOf()));
      return idsFrom(item, cipher.update(oneItemBlocks(paperId, candidateId, item.id)), 0);
    }
    function aesDigestsOf(itemIds: readonly number[]): Buffer {
      cipher ??= aesCipherOn((secret ??= secretOf()));
      return aesDigests(cipher, paperId, candidateId, itemIds);
    }
    return {
      prepare(items) {
        // Version 1 has no cheaper way than one HMAC per item, as idsOf does.
        if (version === 1) return;
        const { withOptions, ids, offsets } = withOptionsOf(items);
        for (const item of withOptions) checkOptionCount(item);
        prepared = { digests: aesDigestsOf(ids), offsets, ids: new Map() };
      },
      idsOf,
      writeId(item, bankAt, out, at) {
        const offset = prepared?.offsets.get(item.id);
        if (!prepared || offset === undefined) return writeAscii(idsOf(item)[bankAt]!, out, at);
        return writeIdFrom(prepared.digests, offset, bankAt, out, at);
      },
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
