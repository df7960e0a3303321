import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const clientDir = fileURLToPath(new URL('../../../client/src', import.meta.url));
const sources = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? sources(path.join(dir, d.name)) : /\.(ts|tsx)$/.test(d.name) ? [path.join(dir, d.name)] : []));

it("passes no Modal a scrollAreaComponent (the build gives ModalRoot a stand-in ScrollArea: src/vendor/modal-scroll-area.ts)", () => {
  const users = sources(clientDir)
    .filter((f) => !f.endsWith(path.join('vendor', 'modal-scroll-area.ts')))
    .filter((f) => fs.readFileSync(f, 'utf8').includes('scrollAreaComponent'));
  expect(users).toEqual([]);
});
