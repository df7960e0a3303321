import { importMoodleXml } from './moodle-xml-import.ts';
import type { Importer } from './types.ts';

/**
 * Moodle XML (qformat_xml). Import: multichoice, truefalse, shortanswer and essay questions, with
 * categories as knowledge areas and embedded images as media. Export: see moodle-xml-export.ts.
 */

export const moodleXmlImporter: Importer = {
  format: 'moodle-xml',

  detect(content) {
    const head = content.subarray(0, 4096).toString('utf8').replace(/^\uFEFF/, '');
    // Declaration, comments and a doctype may come before the root element.
    return /^\s*(?:<\?xml[^>]*\?>\s*)?(?:(?:<!--[\s\S]*?-->|<!DOCTYPE[^>]*>)\s*)*<quiz[\s>/]/.test(head);
  },

  import: importMoodleXml,
};

export { exportMoodleXml } from './moodle-xml-export.ts';
