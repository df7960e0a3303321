import { createTheme, mergeThemeOverrides, type CSSVariablesResolver } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'blue',
  // System CJK fonts first: lab computers have no web fonts and may be offline from CDNs.
  fontFamily: '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif',
});

/**
 * WCAG 2.2 AA (1.4.3) in one place: Mantine's default shade 6 fills and texts (#868e96 dimmed,
 * #228be6 blue, #40c057 green…) sit between 2:1 and 3.6:1 on white. Each colour's text, light
 * variant text, outline and fill use one shade that reaches at least 4.5:1 against white and
 * against its own 10 % tint (the light variant's background), so components never pick colours.
 */
const ACCESSIBLE: Record<string, string> = {
  blue: '#1864ab',
  red: '#c92a2a',
  orange: '#a8410a',
  yellow: '#8a5a00',
  green: '#1f7a33',
  teal: '#08705a',
  cyan: '#0b7285',
  lime: '#4b7a0a',
  grape: '#862e9c',
  violet: '#5f3dc4',
  indigo: '#364fc7',
  pink: '#a61e4d',
  gray: '#495057',
  dark: '#25262b',
};

/** The hover shade: 15 % darker, so hover never lowers the contrast of white text. */
function darker(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const channel = (shift: number) => Math.round(((n >> shift) & 255) * 0.85);
  return `#${((channel(16) << 16) | (channel(8) << 8) | channel(0)).toString(16).padStart(6, '0')}`;
}

function accessibleColors(): Record<string, string> {
  const vars: Record<string, string> = {
    '--mantine-color-dimmed': '#5c636a',
    '--mantine-color-placeholder': '#6c757d',
    '--mantine-color-error': ACCESSIBLE.red!,
    '--mantine-color-anchor': ACCESSIBLE.blue!,
  };
  for (const [name, hex] of Object.entries(ACCESSIBLE)) {
    for (const role of ['filled', 'text', 'light-color', 'outline']) vars[`--mantine-color-${name}-${role}`] = hex;
    vars[`--mantine-color-${name}-filled-hover`] = darker(hex);
    vars[`--mantine-color-${name}-outline-hover`] = `${hex}14`;
  }
  for (const role of ['filled', 'text', 'light-color', 'outline']) vars[`--mantine-primary-color-${role}`] = ACCESSIBLE.blue!;
  vars['--mantine-primary-color-filled-hover'] = darker(ACCESSIBLE.blue!);
  accessibleShades(vars);
  return vars;
}

/**
 * Mantine's close buttons (modals, alerts, drawers) have no text: every one gets the UI
 * language's 关闭 / Close here, so no dialog is left with a nameless button (WCAG 4.1.2).
 */
export function themeFor(closeLabel: string, pageLabel: (control: string) => string) {
  return mergeThemeOverrides(
    theme,
    createTheme({
      components: {
        CloseButton: { defaultProps: { 'aria-label': closeLabel } },
        // Pagination's arrows are icons: named too, and each page button says which page it is.
        Pagination: { defaultProps: { getControlProps: (control: string) => ({ 'aria-label': pageLabel(control) }), getItemProps: (page: number) => ({ 'aria-label': pageLabel(String(page)) }) } },
      },
    }),
  );
}

/** Mantine's shades 6 to 9 as raw variables (some plain CSS uses them): the same accessible shade. */
function accessibleShades(vars: Record<string, string>) {
  for (const [name, hex] of Object.entries(ACCESSIBLE)) {
    if (name === 'gray' || name === 'dark') continue;
    for (const shade of [6, 7, 8]) vars[`--mantine-color-${name}-${shade}`] = hex;
    vars[`--mantine-color-${name}-9`] = darker(hex);
  }
}

export const cssVariablesResolver: CSSVariablesResolver = () => ({ variables: {}, light: accessibleColors(), dark: {} });
