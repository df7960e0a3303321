import fs from 'node:fs';
import * as fontkit from 'fontkit';

export type CjkFont = Readonly<{ file: string; face?: string }>;

/**
 * Where Debian/Ubuntu (fonts-noto-cjk, fonts-wqy-*, fonts-arphic-*), macOS and Windows keep a font
 * with simplified Chinese glyphs. TTC collections need the face's PostScript name.
 */
const KNOWN_FONTS: readonly CjkFont[] = [
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
  { file: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', face: 'NotoSerifCJKsc-Regular' },
  { file: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', face: 'WenQuanYiZenHei' },
  { file: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', face: 'WenQuanYiMicroHei' },
  { file: '/usr/share/fonts/truetype/arphic/uming.ttc', face: 'AR PL UMing CN' },
  { file: '/System/Library/Fonts/STHeiti Light.ttc', face: 'STHeitiSC-Light' },
  { file: 'C:\\Windows\\Fonts\\simhei.ttf' },
];

/** Characters every ticket prints; a font without them would print empty boxes. */
const PROBE = '准考证网络与信息安全管理员';

/** The configured font, or the first usable known one; null when the machine has none. */
export function findCjkFont(configured: { file?: string; face?: string }): CjkFont | null {
  if (configured.file) return usable({ file: configured.file, face: configured.face });
  for (const candidate of KNOWN_FONTS) {
    const found = usable(candidate);
    if (found) return found;
  }
  return null;
}

function usable(candidate: CjkFont): CjkFont | null {
  if (!fs.existsSync(candidate.file)) return null;
  try {
    const opened = fontkit.openSync(candidate.file, candidate.face);
    if ('fonts' in opened) return facePicked(candidate.file, opened.fonts);
    return hasProbe(opened) ? candidate : null;
  } catch {
    return null;
  }
}

/** A collection given without a face: its simplified-Chinese face if it has one, else any that prints the probe. */
function facePicked(file: string, faces: fontkit.Font[]): CjkFont | null {
  const printable = faces.filter(hasProbe);
  const chosen = printable.find((f) => /(?:sc|gb|cn|hans)(?:-|$)/i.test(f.postscriptName)) ?? printable[0];
  return chosen ? { file, face: chosen.postscriptName } : null;
}

const hasProbe = (font: fontkit.Font) => [...PROBE].every((ch) => font.hasGlyphForCodePoint(ch.codePointAt(0)!));
