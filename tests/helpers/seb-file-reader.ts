import { createDecipheriv, createHmac, timingSafeEqual } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { parse } from 'plist';
import type { PlistDict } from '../../server/src/features/seb/config-key.ts';
import { RNCRYPTOR, rncryptorKey } from '../../server/src/features/seb/rncryptor.ts';

/** Our own reading of RNCryptor v3: checks the header and the HMAC before it decrypts anything. */
export async function rncryptorDecrypt(data: Buffer, password: string): Promise<Buffer> {
  const headerBytes = 2 + 2 * RNCRYPTOR.saltBytes + RNCRYPTOR.ivBytes;
  if (data.length < headerBytes + RNCRYPTOR.hmacBytes) throw new Error('too short for RNCryptor');
  if (data[0] !== RNCRYPTOR.version || data[1] !== RNCRYPTOR.optionsPassword) throw new Error(`unknown RNCryptor header ${data[0]},${data[1]}`);
  const encryptionSalt = data.subarray(2, 10);
  const hmacSalt = data.subarray(10, 18);
  const iv = data.subarray(18, headerBytes);
  const ciphertext = data.subarray(headerBytes, data.length - RNCRYPTOR.hmacBytes);
  const hmac = data.subarray(data.length - RNCRYPTOR.hmacBytes);
  const expected = createHmac('sha256', await rncryptorKey(password, hmacSalt)).update(data.subarray(0, data.length - RNCRYPTOR.hmacBytes)).digest();
  if (!timingSafeEqual(hmac, expected)) throw new Error('HMAC mismatch: wrong password or altered data');
  const decipher = createDecipheriv('aes-256-cbc', await rncryptorKey(password, encryptionSalt), iv);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
}

/** Opens a `.seb` file the way SEB does: ungzip, read the prefix, decrypt if "pswd", ungzip, parse the plist. */
export async function readSebFile(file: Buffer, password?: string): Promise<{ prefix: string; xml: string; settings: PlistDict }> {
  const outer = gunzipSync(file);
  const prefix = outer.subarray(0, 4).toString('ascii');
  let block: Buffer = outer.subarray(4);
  if (prefix === 'pswd') {
    if (password === undefined) throw new Error('password needed');
    block = await rncryptorDecrypt(block, password);
  } else if (prefix !== 'plnd') throw new Error(`unknown prefix ${prefix}`);
  const xml = gunzipSync(block).toString('utf8');
  return { prefix, xml, settings: parse(xml) as PlistDict };
}
