import { createHash } from 'node:crypto';
import { build } from 'plist';
import type { SebClipboardPolicy, SebOptions } from '@shared/seb.ts';
import type { PlistDict } from './config-key.ts';

/** SEB for Windows' clipboardPolicy values. */
const CLIPBOARD_POLICY: Record<SebClipboardPolicy, number> = { allow: 0, block: 1, isolated: 2 };

/** SEB keeps only this hash of the quit password (hashedQuitPassword): SHA-256 of its UTF-8, lowercase hex. */
export function sebPasswordHash(password: string): string {
  return createHash('sha256').update(password, 'utf8').digest('hex');
}

/**
 * The settings dictionary of a sitting's `.seb` file. Only keys we set are written: SEB uses its own
 * (safe) defaults for the rest, and the Config Key covers exactly what the file holds. Where SEB for
 * Windows and for macOS name an option differently, both keys are written.
 */
export function sebPlist(options: SebOptions, hashedQuitPassword: string | null): PlistDict {
  const dict: PlistDict = {
    // 0: the file starts an exam (1 would reconfigure the client for good).
    sebConfigPurpose: 0,
    // Send X-SafeExamBrowser-ConfigKeyHash / -RequestHash on every request.
    sendBrowserExamKey: true,
    // macOS/iOS: the modern engine, which offers the keys to the page through the JavaScript API.
    browserWindowWebView: 3,
    allowPreferencesWindow: false,
    startURL: options.startUrl,
    allowQuit: options.allowQuit,
    quitURLConfirm: true,
    browserWindowAllowReload: options.allowReload,
    showReloadButton: options.allowReload,
    allowSpellCheck: options.allowSpellCheck,
    allowDictionaryLookup: options.allowSpellCheck,
    allowBrowsingBackForward: options.allowBackForward,
    enableZoomPage: options.allowZoom,
    enableZoomText: options.allowZoom,
    enableRightMouse: options.allowRightMouse,
    allowPrint: options.allowPrint,
    allowDownloads: options.allowDownloads,
    allowUploads: options.allowUploads,
    // macOS/iOS have one switch for both directions.
    allowDownUploads: options.allowDownloads || options.allowUploads,
    enablePrintScreen: options.allowScreenCapture,
    allowScreenSharing: options.allowScreenCapture,
    clipboardPolicy: CLIPBOARD_POLICY[options.clipboard],
    // macOS/iOS: SEB's private clipboard (there is no "block" there; private is the closest).
    enablePrivateClipboard: options.clipboard !== 'allow',
    URLFilterEnable: options.urlFilter,
    URLFilterEnableContentFilter: false,
  };
  if (options.quitUrl) dict.quitURL = options.quitUrl;
  if (hashedQuitPassword) dict.hashedQuitPassword = hashedQuitPassword;
  if (options.urlFilter) dict.URLFilterRules = urlFilterExpressions(options).map((expression) => ({ action: 1, active: true, expression, regex: false }));
  return dict;
}

/** The start URL's server (host and port, any path), the quit URL's, then the office's own expressions. */
export function urlFilterExpressions(options: SebOptions): string[] {
  const hosts = [options.startUrl, options.quitUrl].filter(Boolean).map((u) => new URL(u).host);
  return [...new Set([...hosts, ...options.urlFilterAllow])];
}

/** The plist XML of a settings dictionary, as SEB reads it. */
export function plistXml(settings: PlistDict): string {
  return build(settings);
}
