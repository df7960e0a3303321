import { defineConfig, type Plugin } from 'vite';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';
import { stringsByPart } from './strings-plugin.ts';
import { engineWebSocketOnly, markedLexerOnly, reactRouterProduction } from './vendor-plugins.ts';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * Mantine's ScrollArea (inside every Modal, the exam page's too) imports one small hook from
 * @floating-ui/react. Chunks are made of whole modules, so that one import brought the exam page
 * all of floating-ui the staff pages' popovers use (about 12 kB gzipped). Mantine's own
 * useMergedRef does the same job.
 */
function scrollAreaWithoutFloatingUi(): Plugin {
  const shim = here('src/vendor/merge-refs.ts');
  return {
    name: 'kaochang:scroll-area-without-floating-ui',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === '@floating-ui/react' && importer && /@mantine[\\/]core[\\/]esm[\\/]components[\\/]ScrollArea[\\/]ScrollArea\.mjs$/.test(importer)) return shim;
      return null;
    },
  };
}

/**
 * Mantine's ModalRoot imports all of ScrollArea (5 kB gzipped) for one comparison with a prop we
 * never pass (`scrollAreaComponent`); see src/vendor/modal-scroll-area.ts.
 */
function modalWithoutScrollArea(): Plugin {
  const shim = here('src/vendor/modal-scroll-area.ts');
  return {
    name: 'kaochang:modal-without-scroll-area',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === '../ScrollArea/ScrollArea.mjs' && importer && /@mantine[\\/]core[\\/]esm[\\/]components[\\/]Modal[\\/]ModalRoot\.mjs$/.test(importer)) return shim;
      return null;
    },
  };
}

const CANDIDATE_COMPONENTS = ['Alert', 'Anchor', 'Box', 'Button', 'Center', 'CloseButton', 'Container', 'FocusTrap', 'Group', 'List', 'Loader', 'Modal', 'ModalBase', 'Overlay', 'Paper', 'Portal', 'SimpleGrid', 'Stack', 'Text', 'Title', 'Transition', 'UnstyledButton', 'VisuallyHidden'];
// Hooks only the staff pages' components use (Pagination, ScrollArea, Popover, Select, Menu) or
// their own code: in the group they would ride along on every candidate page.
const STAFF_HOOKS = ['use-pagination', 'use-debounced-callback', 'use-debounced-value', 'use-click-outside', 'use-previous', 'use-disclosure'];
const MANTINE_CANDIDATE = new RegExp(
  [
    String.raw`@mantine[\/]core[\/]esm[\/]core[\/]`,
    String.raw`@mantine[\/]core[\/]esm[\/]components[\/](${CANDIDATE_COMPONENTS.join('|')})[\/]`,
    String.raw`@mantine[\/]hooks[\/]esm[\/](?!${STAFF_HOOKS.join('|')})`,
    // What Modal locks the page's scrolling with.
    String.raw`node_modules[\/](react-remove-scroll|react-remove-scroll-bar|use-sidecar|use-callback-ref|react-style-singleton|get-nonce|detect-node-es|tslib|clsx)[\/]`,
  ].join('|'),
);

export default defineConfig({
  root: here('.'),
  // JSX straight to Preact's runtime (see resolve.alias); no React Fast Refresh, which Preact lacks.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  plugins: [
    scrollAreaWithoutFloatingUi(),
    modalWithoutScrollArea(),
    markedLexerOnly(),
    engineWebSocketOnly(),
    reactRouterProduction(),
    stringsByPart(),
    // Built once, served by @fastify/static's preCompressed: brotli where the browser offers it
    // (HTTPS, localhost), gzip on a plain-HTTP LAN.
    compression({
      algorithms: [defineAlgorithm('gzip', { level: 9 }), defineAlgorithm('brotliCompress', { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } })],
      include: /\.(js|css|html|svg|json|woff2?|ttf)$/,
      threshold: 1024,
      logLevel: 'silent',
    }),
  ],
  resolve: {
    alias: [
      { find: '@shared', replacement: here('../shared') },
      // Preact instead of React on every page (one runtime for all, so no page can load two):
      // react-dom alone was 67 kB of the candidate's 150 kB budget, Preact with its compat layer
      // is about 11. Mantine, react-router, react-query and react-i18next run on it unchanged.
      { find: /^react(-dom)?$/, replacement: here('src/vendor/preact-react.js') },
      { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
      { find: /^react\/jsx(-dev)?-runtime$/, replacement: 'preact/compat/jsx$1-runtime' },
    ],
  },
  build: {
    outDir: here('../dist/client'),
    emptyOutDir: true,
    // Written for `npm run size` and for debugging, never served (the server refuses .map).
    sourcemap: 'hidden',
    // Read by `npm run size` to know which chunks make each page.
    manifest: true,
    rolldownOptions: {
      // "use client" marks React Server Components boundaries; a client-only bundle has none.
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE' && log.message.includes('"use client"')) return;
        handler(level, log);
      },
      output: {
        // Libraries every page loads get chunks of their own, so a release that changes only our
        // code leaves them cached (immutable) on the exam computers. Mantine stays split by page:
        // one vendor chunk of it would bring the staff pages' components to the candidate.
        codeSplitting: {
          groups: [
            { name: 'preact', test: /node_modules[\\/]preact[\\/]|vendor[\\/](preact-react|react19-refs)/, priority: 3 },
            { name: 'router', test: /node_modules[\\/]react-router[\\/]/, priority: 2 },
            { name: 'i18n', test: /node_modules[\\/](i18next|react-i18next|i18next-resources-to-backend)[\\/]/, priority: 2 },
            { name: 'query', test: /node_modules[\\/]@tanstack[\\/]/, priority: 2 },
            // Mantine's base and the components the candidate's pages use, with what they import,
            // in one chunk: split by page they made some thirty files of a few hundred bytes on
            // the exam page, each compressed alone (about 5 kB of gzip lost). Staff pages use
            // these components too; the login page gets a few it does not need (the dialog).
            { name: 'mantine', test: MANTINE_CANDIDATE, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      // Keep the browser's Host so the server's same-origin check sees what the browser sent.
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
      '/socket.io': { target: 'ws://localhost:3000', ws: true, changeOrigin: false },
    },
  },
});
