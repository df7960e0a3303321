import { z } from 'zod';
import { newPasswordSchema } from './password.ts';

/**
 * Safe Exam Browser (SEB) per sitting: the options the exam office sets, from which the server
 * builds the `.seb` file for the exam computers and computes the Config Key it then checks.
 */

/** SEB's clipboard policies: shared with other programs, SEB's own clipboard only, or none. */
export const sebClipboardPolicies = ['allow', 'isolated', 'block'] as const;
export type SebClipboardPolicy = (typeof sebClipboardPolicies)[number];

/** What SEB and the Config Key can carry unchanged: no quotes, backslashes, spaces or control characters. */
const PLAIN_TEXT = /^[^\s"\\\u0000-\u001f\u007f]*$/;

function isHttpUrl(value: string): boolean {
  if (!PLAIN_TEXT.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const httpUrlSchema = z.string().trim().min(1).max(2000).refine(isHttpUrl, { message: 'Must be an http:// or https:// address', params: { key: 'seb.httpUrl' } });

/** A rule of SEB's URL filter in its simple form (host, optional port and path, `*` as wildcard). */
const urlFilterExpressionSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((v) => PLAIN_TEXT.test(v) && /[a-zA-Z0-9*]/.test(v), { message: 'Not a URL filter expression', params: { key: 'seb.urlFilterExpression' } });

/** A Browser Exam Key as SEB shows it: 64 hexadecimal digits (one per SEB build and settings). */
export const browserExamKeySchema = z
  .string()
  .trim()
  .refine((v) => /^[0-9a-fA-F]{64}$/.test(v), { message: 'A Browser Exam Key has 64 hexadecimal digits', params: { key: 'seb.browserExamKey' } })
  .transform((v) => v.toLowerCase());

export const sebOptionsSchema = z.strictObject({
  /** Where SEB opens: the sitting's login page. */
  startUrl: httpUrlSchema,
  /** Opening this address ends SEB (the link shown after submission); empty for none. */
  quitUrl: z.union([z.literal(''), httpUrlSchema]),
  /** Candidates may quit SEB themselves (asked for the quit password when one is set). */
  allowQuit: z.boolean(),
  allowReload: z.boolean(),
  allowSpellCheck: z.boolean(),
  allowBackForward: z.boolean(),
  allowZoom: z.boolean(),
  allowRightMouse: z.boolean(),
  allowPrint: z.boolean(),
  allowDownloads: z.boolean(),
  /** The skills part's screenshots are uploaded from files: keep this on for sittings with a skills part. */
  allowUploads: z.boolean(),
  /** PrintScreen, screen capture and screen sharing by other programs. */
  allowScreenCapture: z.boolean(),
  clipboard: z.enum(sebClipboardPolicies),
  /** Only the start URL's server (and the listed expressions) may be opened. */
  urlFilter: z.boolean(),
  urlFilterAllow: z.array(urlFilterExpressionSchema).max(20),
});
export type SebOptions = z.infer<typeof sebOptionsSchema>;

/** The safe defaults for a sitting whose SEB settings were never saved; the start URL comes from the server. */
export const defaultSebOptions = (startUrl: string): SebOptions => ({
  startUrl,
  quitUrl: '',
  allowQuit: true,
  allowReload: true,
  allowSpellCheck: false,
  allowBackForward: false,
  allowZoom: true,
  allowRightMouse: false,
  allowPrint: false,
  allowDownloads: false,
  allowUploads: true,
  allowScreenCapture: false,
  clipboard: 'isolated',
  urlFilter: true,
  urlFilterAllow: [],
});

export const sebSettingsSchema = z.object({
  sittingId: z.number().int(),
  /** Candidates of the sitting must use SEB with exactly these settings. */
  required: z.boolean(),
  options: sebOptionsSchema,
  quitPasswordSet: z.boolean(),
  browserExamKeys: z.array(z.string()),
  /** The Config Key of the file as it downloads now; it changes with every option. */
  configKey: z.string(),
  /** False until the office saves: the options shown are the defaults. */
  saved: z.boolean(),
  updatedAt: z.number().nullable(),
});
export type SebSettings = z.infer<typeof sebSettingsSchema>;

export const sebSettingsBodySchema = z.strictObject({
  required: z.boolean(),
  options: sebOptionsSchema,
  browserExamKeys: z.array(browserExamKeySchema).max(50),
  /** Absent: keep the quit password; null: remove it; a string: the new one (stored only as SEB's hash). */
  quitPassword: newPasswordSchema.nullable().optional(),
});
export type SebSettingsBody = z.input<typeof sebSettingsBodySchema>;

/** A `.seb` file: plain, or encrypted with a password the exam computers are then asked for. */
export const sebFileBodySchema = z.strictObject({
  password: newPasswordSchema.optional(),
});
export type SebFileBody = z.infer<typeof sebFileBodySchema>;

/**
 * The SEB JavaScript API's keys as the page read them (`SafeExamBrowser.security.configKey` and
 * `.browserExamKey`, each already hashed with the page's URL), with that URL.
 */
export const sebJsKeysSchema = z.strictObject({
  url: z.string().min(1).max(4000),
  configKey: z.string().regex(/^[0-9a-fA-F]{64}$/),
  browserExamKey: z.string().regex(/^[0-9a-fA-F]{64}$/).optional(),
});
export type SebJsKeys = z.infer<typeof sebJsKeysSchema>;

/**
 * Where the client puts those keys on HTTP requests when SEB itself sends no headers (SEB for
 * macOS/iOS with the modern engine): the page URL and the two hashed keys, checked like SEB's own.
 */
export const SEB_JS_HEADERS = { url: 'x-kaochang-seb-page', configKey: 'x-kaochang-seb-configkey', browserExamKey: 'x-kaochang-seb-browserexamkey' } as const;
