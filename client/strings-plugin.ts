import { fileURLToPath } from 'node:url';
import { runnerImport, type Plugin } from 'vite';
import { splitStrings, type Parts, type StringTable } from './src/i18n/parts.ts';

/** The string tables, the name each exports, and the parts a page may import as `virtual:strings/<language>.<part>`. */
const TABLES: Readonly<Record<string, { file: string; exportName: string }>> = {
  'zh-CN': { file: 'src/i18n/zh-CN.ts', exportName: 'zhCN' },
  en: { file: 'src/i18n/en.ts', exportName: 'en' },
};
const PREFIX = 'virtual:strings/';

/**
 * Serves each language's table cut in two (src/i18n/parts.ts says where): the tables are run once
 * per build by Vite's module runner, and each part becomes a module of plain data.
 */
export function stringsByPart(): Plugin {
  let tables = new Map<string, Promise<{ parts: Parts; files: string[] }>>();
  const load = (language: string) => {
    const table = TABLES[language];
    if (!table) throw new Error(`no string table for ${language}`);
    const file = fileURLToPath(new URL(table.file, import.meta.url));
    return runnerImport<Record<string, StringTable>>(file, { configFile: false, logLevel: 'silent' }).then(({ module, dependencies }) => {
      const strings = module[table.exportName];
      if (!strings) throw new Error(`${table.file} exports no ${table.exportName}`);
      return { parts: splitStrings(strings), files: [file, ...dependencies] };
    });
  };
  return {
    name: 'kaochang:strings-by-part',
    buildStart() {
      tables = new Map();
    },
    resolveId(source) {
      return source.startsWith(PREFIX) ? `\0${source}` : null;
    },
    async load(id) {
      if (!id.startsWith(`\0${PREFIX}`)) return null;
      const [language = '', part = ''] = id.slice(PREFIX.length + 1).split('.');
      if (part !== 'candidate' && part !== 'office') throw new Error(`unknown string part ${part}`);
      if (!tables.has(language)) tables.set(language, load(language));
      const { parts, files } = await tables.get(language)!;
      for (const f of files) this.addWatchFile(f);
      return `export default ${JSON.stringify(parts[part])};`;
    },
  };
}
