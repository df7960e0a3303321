import { afterAll } from 'vitest';

/**
 * Run before every file of vitest's `shared` project, whose workers keep their loaded modules from
 * one file to the next: a file that leaves the built-in prototypes changed fails itself, by name,
 * instead of a later file in the same worker (pdf.js refuses to load beside such a change).
 */
afterAll(() => {
  const added = [Object.prototype, Array.prototype, String.prototype].flatMap((proto) => Object.keys(proto).map((key) => `${proto.constructor.name}.prototype.${key}`));
  if (added.length > 0) throw new Error(`This file left enumerable properties on built-in prototypes (${added.join(', ')}): list it in vitest.config.ts's ISOLATED_FILES.`);
});
