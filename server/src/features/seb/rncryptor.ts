import { createCipheriv, createHmac, pbkdf2, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const pbkdf2Async = promisify(pbkdf2);

/** RNCryptor data format v3 with a password (github.com/RNCryptor/RNCryptor-Spec), as SEB encrypts `.seb` files. */
export const RNCRYPTOR = { version: 3, optionsPassword: 1, saltBytes: 8, ivBytes: 16, keyBytes: 32, hmacBytes: 32, iterations: 10_000 } as const;

export type RncryptorRandom = { encryptionSalt: Buffer; hmacSalt: Buffer; iv: Buffer };

const freshRandom = (): RncryptorRandom => ({ encryptionSalt: randomBytes(RNCRYPTOR.saltBytes), hmacSalt: randomBytes(RNCRYPTOR.saltBytes), iv: randomBytes(RNCRYPTOR.ivBytes) });

/** PBKDF2-HMAC-SHA1 over the password's UTF-8, 10,000 rounds, 32 bytes: RNCryptor's key for either purpose. */
export function rncryptorKey(password: string, salt: Buffer): Promise<Buffer> {
  return pbkdf2Async(Buffer.from(password, 'utf8'), salt, RNCRYPTOR.iterations, RNCRYPTOR.keyBytes, 'sha1');
}

/**
 * version (3) | options (1: password) | encryption salt (8) | HMAC salt (8) | IV (16) |
 * AES-256-CBC ciphertext with PKCS#7 padding | HMAC-SHA256 of everything before it (32).
 * The key derivation runs on libuv's pool, so the 20,000 PBKDF2 rounds do not hold up the event loop.
 */
export async function rncryptorEncrypt(plaintext: Buffer, password: string, random: RncryptorRandom = freshRandom()): Promise<Buffer> {
  const [encryptionKey, hmacKey] = await Promise.all([rncryptorKey(password, random.encryptionSalt), rncryptorKey(password, random.hmacSalt)]);
  const header = Buffer.concat([Buffer.from([RNCRYPTOR.version, RNCRYPTOR.optionsPassword]), random.encryptionSalt, random.hmacSalt, random.iv]);
  const cipher = createCipheriv('aes-256-cbc', encryptionKey, random.iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const hmac = createHmac('sha256', hmacKey).update(header).update(ciphertext).digest();
  return Buffer.concat([header, ciphertext, hmac]);
}
