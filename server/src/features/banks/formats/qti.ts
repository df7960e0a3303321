import { sniff } from './qti-common.ts';
import { importQti } from './qti-import.ts';
import type { Importer } from './types.ts';

/**
 * IMS QTI items: 2.1 (camelCase elements, namespace imsqti_v2p1; 2.0 and 2.2 items read the same)
 * and 3.0 (qti- kebab-case elements, namespace imsqtiasi_v3p0). A file is one item, or a wrapper
 * element whose children are items; assessment tests and manifests are not item files.
 */

export const qti21Importer: Importer = {
  format: 'qti21',
  detect: (content) => sniff(content, 'qti21'),
  import: (content, options, files) => importQti(content, options, 'qti21', files),
};

export const qti30Importer: Importer = {
  format: 'qti30',
  detect: (content) => sniff(content, 'qti30'),
  import: (content, options, files) => importQti(content, options, 'qti30', files),
};

export { exportQti30, exportQti30Single } from './qti-export.ts';
