import fs from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

/**
 * marked ships as one module whose last statements build its default instance (`marked`, with the
 * Parser, the HTML Renderer and the Marked class behind it) as a side effect, so a page that only
 * lexes (src/exam/markdown/elements.tsx turns tokens into elements) got all of it: 3.3 kB gzipped
 * of the skills part's Markdown chunk. This cuts the module after the Lexer, before that instance,
 * and leaves `Lexer` its only export; the rest is never evaluated (the server's bank import keeps
 * the whole of marked: this is the client build's alone). marked is minified, so the cut is found
 * from the export list's own names, and the build stops if the module no longer looks that way.
 */
export function markedLexerOnly(): Plugin {
  return {
    name: 'kaochang:marked-lexer-only',
    enforce: 'pre',
    transform(code, id) {
      if (!/node_modules[\\/]marked[\\/]lib[\\/]marked\.esm\.js$/.test(id)) return null;
      const cut = lexerOnly(code);
      if (typeof cut !== 'string') this.error(`${id}: ${cut.error}; see markedLexerOnly in client/vendor-plugins.ts`);
      // Nothing kept moves, so marked's own source map still holds.
      return { code: cut, map: null };
    },
  };
}

/** marked's module up to its default instance, exporting the Lexer alone; or why it cannot be cut. */
export function lexerOnly(code: string): string | { error: string } {
  const list = /export\s*\{([^}]*)\}/.exec(code)?.[1];
  if (!list) return { error: 'no export list' };
  const local = (name: string) =>
    list
      .split(',')
      .map((entry) => entry.trim().split(/\s+as\s+/))
      .find(([, exported]) => exported === name)?.[0];
  const lexer = local('Lexer');
  const marked = local('Marked');
  if (!lexer || !marked) return { error: 'no Lexer or Marked in the export list' };
  const instance = `=new ${marked};`;
  const at = code.indexOf(instance);
  if (at < 0 || code.indexOf(instance, at + 1) >= 0) return { error: `not one default instance (${instance})` };
  const start = code.lastIndexOf('var ', at);
  if (start < 0 || !/^var [\w$]+$/.test(code.slice(start, at))) return { error: 'the default instance is not a plain `var`' };
  return `${code.slice(0, start)}export{${lexer} as Lexer};\n`;
}

/**
 * socket.io-client's engine bundles all three of its transports (HTTP long-polling, WebSocket,
 * WebTransport) through one table its Socket reads. Our pages connect with WebSocket alone
 * (src/api/socketOptions.ts says why), so the table the build gives the engine holds that one:
 * long-polling and WebTransport were 2 kB gzipped of every page with a socket.
 */
export function engineWebSocketOnly(): Plugin {
  const id = '\0kaochang:engine-websocket-only';
  let websocket = '';
  return {
    name: 'kaochang:engine-websocket-only',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source !== './transports/index.js' || !importer || !/engine\.io-client[\\/]build[\\/]esm[\\/]socket\.js$/.test(importer)) return null;
      websocket = path.join(path.dirname(importer), 'transports', 'websocket.js');
      return id;
    },
    load(moduleId) {
      if (moduleId !== id) return null;
      return `import { WS } from ${JSON.stringify(websocket)};\nexport const transports = { websocket: WS };\n`;
    },
  };
}

/**
 * react-router's package exports send every bundler to its development build, whose only
 * difference is `ENABLE_DEV_WARNINGS = true` and the warnings that keeps (0.4 kB gzipped on every
 * page). Its production build sits beside it in the package; a build of ours takes that one.
 */
export function reactRouterProduction(): Plugin {
  return {
    name: 'kaochang:react-router-production',
    enforce: 'pre',
    apply: 'build',
    async resolveId(source, importer, options) {
      if (source !== 'react-router') return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved) return null;
      const production = resolved.id.replace(/([\\/]dist[\\/])development([\\/])/, '$1production$2');
      if (production === resolved.id || !fs.existsSync(production)) {
        this.warn(`react-router has no production build beside ${resolved.id}: the development build is used`);
        return null;
      }
      return production;
    },
  };
}
