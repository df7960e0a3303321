import { createTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'blue',
  // System CJK fonts first: lab computers have no web fonts and may be offline from CDNs.
  fontFamily: '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif',
});
