import type { SEB_JS_HEADERS, SebJsKeys } from '@shared/seb.ts';

/** SEB's JavaScript API (SEB for macOS/iOS 3.x and newer Windows builds); absent in other browsers. */
type SebSecurity = { configKey?: unknown; browserExamKey?: unknown; updateKeys?: (done: () => void) => void };
declare global {
  interface Window {
    SafeExamBrowser?: { security?: SebSecurity };
  }
}

// The names only (a type check keeps them in step with the server): shared/seb.ts would bring zod onto the exam page.
const HEADERS = { url: 'x-kaochang-seb-page', configKey: 'x-kaochang-seb-configkey', browserExamKey: 'x-kaochang-seb-browserexamkey' } as const satisfies typeof SEB_JS_HEADERS;

/** updateKeys answers at once on every SEB that has it; a build that never calls back must not hang the page. */
const UPDATE_TIMEOUT_MS = 3000;

function readKeys(security: SebSecurity): SebJsKeys | null {
  if (typeof security.configKey !== 'string' || security.configKey === '') return null;
  // SEB hashed the keys with the page's URL as loaded (without its fragment); the server checks them against it.
  const url = location.href.split('#')[0]!;
  return typeof security.browserExamKey === 'string' && security.browserExamKey !== ''
    ? { url, configKey: security.configKey, browserExamKey: security.browserExamKey }
    : { url, configKey: security.configKey };
}

/**
 * The keys SEB's JavaScript API gives this page, each already hashed with the page URL; null in
 * any other browser (the server then sees no keys and refuses a sitting that requires SEB). SEB 3
 * recomputes them for the current URL in `updateKeys`, which the single-page app needs after it
 * changed the address without loading a page.
 */
export function sebJsKeys(): Promise<SebJsKeys | null> {
  const security = typeof window === 'undefined' ? undefined : window.SafeExamBrowser?.security;
  if (!security) return Promise.resolve(null);
  if (typeof security.updateKeys !== 'function') return Promise.resolve(readKeys(security));
  return new Promise((resolve) => {
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      resolve(readKeys(security));
    };
    setTimeout(finish, UPDATE_TIMEOUT_MS);
    try {
      security.updateKeys!(finish);
    } catch {
      finish();
    }
  });
}

/** The same keys as request headers, for the candidate API (SEB that sends its own headers needs none). */
export async function sebJsHeaders(): Promise<Record<string, string>> {
  const keys = await sebJsKeys();
  if (!keys) return {};
  return { [HEADERS.url]: keys.url, [HEADERS.configKey]: keys.configKey, ...(keys.browserExamKey ? { [HEADERS.browserExamKey]: keys.browserExamKey } : {}) };
}
