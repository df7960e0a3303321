import { gzipSync } from 'node:zlib';
import { rncryptorEncrypt, type RncryptorRandom } from './rncryptor.ts';

/** Prefixes of SEB's file format (safeexambrowser.org/developer/seb-file-format.html). */
export const SEB_PREFIX = { plain: 'plnd', password: 'pswd' } as const;

/**
 * A `.seb` file as SEB for Windows and macOS write it: the plist XML gzipped, then either prefixed
 * with "plnd" or encrypted with the password (RNCryptor v3) and prefixed with "pswd", and the whole
 * gzipped again. SEB asks for the password when it opens an encrypted file.
 */
export async function sebFile(xml: string, password?: string, random?: RncryptorRandom): Promise<Buffer> {
  const settings = gzipSync(Buffer.from(xml, 'utf8'));
  const block = password === undefined ? settings : await rncryptorEncrypt(settings, password, random);
  return gzipSync(Buffer.concat([Buffer.from(password === undefined ? SEB_PREFIX.plain : SEB_PREFIX.password, 'ascii'), block]));
}
