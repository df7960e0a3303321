/**
 * The candidate's display settings (text size, high contrast, line spacing): chosen on the exam
 * page, kept for the browser session (sessionStorage: a shared lab PC forgets them with the
 * session), applied to the document root so every rem-based size and Mantine colour follows.
 */
export const TEXT_SIZES = [100, 125, 150, 200] as const;
export const LINE_SPACINGS = [1.55, 1.8, 2.2] as const;
export type DisplaySettings = { textSize: (typeof TEXT_SIZES)[number]; highContrast: boolean; lineSpacing: (typeof LINE_SPACINGS)[number] };

export const DEFAULT_DISPLAY: DisplaySettings = { textSize: 100, highContrast: false, lineSpacing: 1.55 };
const KEY = 'kc.display';

export function loadDisplay(): DisplaySettings {
  try {
    const raw = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Partial<DisplaySettings> | null;
    if (!raw) return DEFAULT_DISPLAY;
    return {
      textSize: TEXT_SIZES.find((s) => s === raw.textSize) ?? DEFAULT_DISPLAY.textSize,
      highContrast: raw.highContrast === true,
      lineSpacing: LINE_SPACINGS.find((s) => s === raw.lineSpacing) ?? DEFAULT_DISPLAY.lineSpacing,
    };
  } catch {
    return DEFAULT_DISPLAY;
  }
}

export function saveDisplay(settings: DisplaySettings): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(settings));
  } catch {
    /* a locked-down profile: the settings still apply until the page closes */
  }
}

/** Applies the settings to <html>; returns the undo, for when the exam page closes. */
export function applyDisplay(settings: DisplaySettings): () => void {
  const root = document.documentElement;
  root.style.fontSize = settings.textSize === 100 ? '' : `${settings.textSize}%`;
  root.style.setProperty('--mantine-line-height', String(settings.lineSpacing));
  root.style.setProperty('--kc-line-height', String(settings.lineSpacing));
  if (settings.highContrast) root.setAttribute('data-kc-contrast', 'high');
  else root.removeAttribute('data-kc-contrast');
  return () => {
    root.style.fontSize = '';
    root.style.removeProperty('--mantine-line-height');
    root.style.removeProperty('--kc-line-height');
    root.removeAttribute('data-kc-contrast');
  };
}
