import yauzl from 'yauzl';
import { ImportFileError } from './import-error.ts';

/**
 * The one zip reader of bank imports (XLSX workbooks and IMS/QTI content packages), on yauzl: it
 * reads the central directory without inflating anything, and while inflating it stops an entry
 * that yields more bytes than declared (validateEntrySizes). So a zip bomb is refused up front from
 * its declared sizes and ratios, and one that lies about its sizes is stopped at the lie.
 */

export type ZipLimits = {
  maxEntries: number;
  /** Sum of the declared uncompressed sizes. */
  maxTotalBytes: number;
  /** Uncompressed / compressed, checked on entries larger than ratioFloorBytes. */
  maxRatio: number;
  ratioFloorBytes: number;
};

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntries: 5000, maxTotalBytes: 200 * 1024 * 1024, maxRatio: 200, ratioFloorBytes: 1024 * 1024 };

export type ZipArchive = {
  names: string[];
  has(name: string): boolean;
  /** The entry's bytes, or null when there is no such entry. */
  read(name: string): Promise<Buffer | null>;
};

const MiB = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;

export const isZip = (b: Buffer) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

function open(content: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.fromBuffer(content, { lazyEntries: true, autoClose: false, validateEntrySizes: true, decodeStrings: true }, (err, zip) => (err ? reject(err) : resolve(zip))),
  );
}

function listEntries(zip: yauzl.ZipFile, limits: ZipLimits): Promise<yauzl.Entry[]> {
  if (zip.entryCount > limits.maxEntries) throw new ImportFileError('zip.tooManyEntries', { count: zip.entryCount, max: limits.maxEntries });
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    let total = 0;
    zip.on('error', reject);
    zip.on('end', () => resolve(entries));
    zip.on('entry', (entry: yauzl.Entry) => {
      total += entry.uncompressedSize;
      if (total > limits.maxTotalBytes) return reject(new ImportFileError('zip.tooLarge', { mb: MiB(total), maxMb: MiB(limits.maxTotalBytes) }));
      const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
      if (entry.uncompressedSize > limits.ratioFloorBytes && ratio > limits.maxRatio) {
        return reject(new ImportFileError('zip.ratio', { name: entry.fileName, ratio: Math.round(ratio), max: limits.maxRatio }));
      }
      entries.push(entry);
      zip.readEntry();
    });
    zip.readEntry();
  });
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, budget: { left: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err) return reject(err);
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        budget.left -= chunk.length;
        // Belt and braces beside yauzl's own check: the archive's total, counted as it inflates.
        if (budget.left < 0) stream.destroy(new ImportFileError('zip.tooLarge', { mb: '>', maxMb: '' }));
        else chunks.push(chunk);
      });
      stream.on('error', reject);
      stream.on('end', () => resolve(Buffer.concat(chunks)));
    });
  });
}

/** Opens a zip held in memory; refuses it (ImportFileError) when its directory breaks a limit. */
export async function openZip(content: Buffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<ZipArchive> {
  let zip: yauzl.ZipFile;
  let entries: yauzl.Entry[];
  try {
    zip = await open(content);
    entries = await listEntries(zip, limits);
  } catch (err) {
    throw asZipError(err);
  }
  const byName = new Map(entries.filter((e) => !e.fileName.endsWith('/')).map((e) => [e.fileName, e]));
  const budget = { left: limits.maxTotalBytes };
  return {
    names: [...byName.keys()],
    has: (name) => byName.has(name),
    async read(name) {
      const entry = byName.get(name);
      if (!entry) return null;
      try {
        return await readEntry(zip, entry, budget);
      } catch (err) {
        throw asZipError(err);
      }
    },
  };
}

function asZipError(err: unknown): Error {
  if (err instanceof ImportFileError) return err;
  const message = err instanceof Error ? err.message : String(err);
  // yauzl's words for an entry that inflates past (or short of) its declared size.
  if (/too many bytes|expected \d+ bytes|not enough bytes/i.test(message)) return new ImportFileError('zip.sizeMismatch', { detail: message });
  return new ImportFileError('zip.unreadable', { detail: message });
}
