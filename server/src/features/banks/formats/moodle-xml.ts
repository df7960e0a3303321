import { importMoodleXml } from './moodle-xml-import.ts';
import type { Importer } from './types.ts';
import { rootOf } from './xml-prolog.ts';

/**
 * Moodle XML (qformat_xml). Import: multichoice, truefalse, shortanswer and essay questions, with
 * categories as knowledge areas and embedded images as media. Export: see moodle-xml-export.ts.
 */

export const moodleXmlImporter: Importer = {
  format: 'moodle-xml',

  detect(content) {
    // Declaration, comments and a doctype may come before the root element.
    // Moodle's <quiz> has no namespace; Canvas's assessment_meta.xml has a namespaced one.
    const root = rootOf(content.subarray(0, 1_000_000).toString('utf8'));
    return root?.name === 'quiz' && root.ns === null;
  },

  import: importMoodleXml,
};

export { exportMoodleXml } from './moodle-xml-export.ts';
