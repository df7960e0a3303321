import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TABLE_OWNERS } from '../../../server/src/core/db/owners.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const featuresDir = path.join(root, 'server/src/features');
/** The composition root inside features/ (as app.ts): the demo seeder writes every feature's tables. */
const ROOTS = ['demo'];

function featureFiles(): { rel: string; feature: string; text: string }[] {
  const files = fs.readdirSync(featuresDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  return files
    .map((rel) => ({ rel: rel.split(path.sep).join('/'), text: fs.readFileSync(path.join(featuresDir, rel), 'utf8') }))
    .map((f) => ({ ...f, feature: f.rel.split('/')[0]! }))
    .filter((f) => !ROOTS.includes(f.feature));
}

describe('each table has one owner, and only its owner touches it (core/db/owners.ts)', () => {
  it('names a feature folder (or core) as the owner of every table', () => {
    const folders = new Set(fs.readdirSync(featuresDir));
    const unknown = Object.entries(TABLE_OWNERS).filter(([, owner]) => owner !== 'core' && !folders.has(owner));
    expect(unknown).toEqual([]);
  });

  it("has every feature ask for its own tables only: tablesFor(db, '<its own name>')", () => {
    const wrong = featureFiles().flatMap((f) =>
      [...f.text.matchAll(/tablesFor\(\s*\w+\s*,\s*'(\w+)'\s*\)/g)].filter((m) => m[1] !== f.feature).map((m) => `${f.rel} asks for ${m[1]}'s tables`),
    );
    expect(wrong).toEqual([]);
  });

  it('lets no feature reach every table through tablesOf (only the composition root may)', () => {
    const reaching = featureFiles()
      .filter((f) => /\btablesOf\b/.test(f.text))
      .map((f) => f.rel);
    expect(reaching).toEqual([]);
  });
});
