import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

/**
 * Compiles the server and shared/ to plain ESM JavaScript for `node --enable-source-maps`, one .js
 * per .ts in the same layout (dist/server/src/…, dist/shared/…), so a worker started as
 * `new URL('./x-worker.ts', import.meta.url)` finds its compiled sibling `x-worker.js`.
 * Nothing is bundled: esbuild only strips the types and rewrites specifiers Node cannot resolve
 * (`./x.ts` to `./x.js`, the `@shared/*` alias to a relative path). Type checking is `npm run typecheck`.
 */

const root = fileURLToPath(new URL('..', import.meta.url));
export const outDir = path.join(root, 'dist');
const sourceDirs = ['server/src', 'shared'];

function sourceFiles(): string[] {
  return sourceDirs.flatMap((dir) =>
    fs
      .readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
      .map((f) => path.join(root, dir, f)),
  );
}

function toJs(specifier: string): string {
  return specifier.replace(/\.ts$/, '.js');
}

/** Every import stays an import: relative ones get their compiled name, packages are left to Node. */
const rewriteSpecifiers: Plugin = {
  name: 'rewrite-specifiers',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      const spec = args.path;
      if (spec.startsWith('@shared/')) {
        const target = path.join(root, 'shared', spec.slice('@shared/'.length));
        let relative = path.relative(args.resolveDir, target).split(path.sep).join('/');
        if (!relative.startsWith('.')) relative = `./${relative}`;
        return { path: toJs(relative), external: true };
      }
      if (spec.startsWith('.')) {
        if (!/\.(ts|js|mjs|cjs|json)$/.test(spec)) return { errors: [{ text: `import "${spec}" needs its file extension (Node's ESM resolver does not guess one)` }] };
        return { path: toJs(spec), external: true };
      }
      return { path: spec, external: true };
    });
  },
};

export async function buildServer(): Promise<{ files: number }> {
  for (const dir of ['server', 'shared']) fs.rmSync(path.join(outDir, dir), { recursive: true, force: true });
  const entryPoints = sourceFiles();
  const result = await build({
    entryPoints,
    outdir: outDir,
    outbase: root,
    bundle: true,
    plugins: [rewriteSpecifiers],
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
  });
  if (result.errors.length > 0) throw new Error('server build failed');
  return { files: entryPoints.length };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const { files } = await buildServer();
  process.stdout.write(`server: ${files} files compiled to ${path.relative(process.cwd(), outDir)}/ in ${Date.now() - started} ms\n`);
}
