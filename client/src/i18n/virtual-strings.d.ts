/** A language's strings, one part of them: see src/i18n/parts.ts and client/strings-plugin.ts. */
declare module 'virtual:strings/*' {
  import type { StringTable } from './parts.ts';
  const strings: StringTable;
  export default strings;
}
