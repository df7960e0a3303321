import path from 'node:path/posix';
import type { BankItem } from '@shared/bank.ts';
import { fail, msg, newEntry, reasonParams } from './common.ts';
import { ImportFileError } from './import-error.ts';
import type { ForeignFormat, ImportOptions, ImportReportEntry, ImportResult, PackageFiles } from './types.ts';
import { sax } from './sax.ts';
import { rootOf } from './xml-prolog.ts';
import type { ZipArchive } from './zip.ts';

/**
 * IMS content packages (a zip with imsmanifest.xml), as QTI 2.1/3.0 item banks and the QTI 1.2
 * exports of Canvas, Blackboard and D2L come. The manifest names the resources; every XML file a
 * question-ish resource points at (Blackboard's res00001.dat, Canvas's .xml.qti too) goes, one document at a time, to the importer that recognises it
 * (the same detection as for a single uploaded file). Assessment tests only order items that are
 * resources of their own, so documents nobody recognises are passed over, except QTI 1.2 ones
 * while no importer reads them: those make the package "unsupported" rather than silently empty.
 */

/** The seam to the single-document importers (formats/index.ts), so this module imports none of them. */
export type DocumentImporter = {
  detect(content: Buffer, fileName: string): ForeignFormat | null;
  import(content: Buffer, options: ImportOptions, format: ForeignFormat, files?: PackageFiles): Promise<ImportResult>;
};

const MANIFEST = 'imsmanifest.xml';
// Resource types that hold questions: imsqti_item_xmlv2p1, imsqti_xmlv1p2, imsqti_item_xmlv3p0,
// assessment/x-bb-qti-test (Blackboard), webcontent with d2l material (D2L) and friends.
const QUESTION_TYPE = /qti|assessment|question|d2lquiz/i;

/**
 * Canvas writes its question banks and full quizzes as non_cc_assessments/<id>.xml.qti, listed as
 * "learning-application-resource" files: the extension, not the resource type, says they hold questions.
 */
const CANVAS_QTI = /\.xml\.qti$/i;
// Blackboard names a pool's or test's QTI document res00001.dat (its resource's bb:file).
const DOCUMENT = /\.(xml|dat)$|\.xml\.qti$/i;

export const isPackage = (zip: ZipArchive) => zip.has(MANIFEST) && !zip.has('xl/workbook.xml');

/** The XML files the manifest's question resources point at, in manifest order. */
export function manifestDocuments(manifest: Buffer): string[] {
  const files: string[] = [];
  let inQuestionResource = false;
  const add = (href: string | undefined, qtiOnly = false) => {
    if (!href || /^[a-z]+:/i.test(href)) return;
    const file = path.normalize(decodeURIComponent(href.split('#')[0]!)).replace(/^\/+/, '');
    if ((qtiOnly ? CANVAS_QTI : DOCUMENT).test(file) && !file.startsWith('..') && file !== MANIFEST && !files.includes(file)) files.push(file);
  };
  sax(
    manifest,
    MANIFEST,
    {
      open(name, a) {
        if (name === 'resource') {
          const material = Object.entries(a).find(([k]) => k.endsWith('material_type'))?.[1] ?? '';
          inQuestionResource = QUESTION_TYPE.test(a.type ?? '') || QUESTION_TYPE.test(material);
          const href = a.href ?? Object.entries(a).find(([k]) => k.endsWith(':file'))?.[1];
          add(href, !inQuestionResource);
        } else if (name === 'file') add(a.href, !inQuestionResource);
      },
      close(name) {
        if (name === 'resource') inQuestionResource = false;
      },
    },
    'package.badManifest',
  );
  // A Canvas quiz comes twice: <id>/assessment_qti.xml for other LMSs and the full
  // non_cc_assessments/<id>.xml.qti, which keeps Canvas's own question types. The full one is read.
  const full = new Set(files.filter((f) => CANVAS_QTI.test(f)).map((f) => path.basename(f, '.xml.qti')));
  return files.filter((f) => !(path.basename(f) === 'assessment_qti.xml' && full.has(path.basename(path.dirname(f)))));
}

// Images a document's HTML shows: raster ones are kept, an SVG is reported as not raster rather than missing.
const IMAGE = /\.(png|jpe?g|gif|webp|svg)$/i;

/**
 * The package's images for one document: a path relative to the document, to the package root,
 * or (Canvas, whose HTML says $IMS-CC-FILEBASE$/…) to web_resources/; failing those, the one
 * image whose path ends so (Respondus writes org0/images/x.png for exam1/my_files/org0/images/x.png).
 */
function filesFor(document: string, images: Map<string, Buffer>): PackageFiles {
  const at = (p: string) => images.get(path.normalize(p).replace(/^\/+/, ''));
  const endingIn = (href: string) => {
    const tail = `/${path.normalize(href).replace(/^(\.\.\/|\/)+/, '')}`;
    const hits = [...images.keys()].filter((name) => name.endsWith(tail));
    return hits.length === 1 ? images.get(hits[0]!) : undefined;
  };
  // Blackboard's HTML names a file by its content-system id (…bbcswebdav/xid-4060915_1), which is
  // the end of the file's name in the export (csfiles/home_dir/…/mars__xid-4060915_1.png).
  const byXid = (href: string) => {
    const xid = /xid-\d+_\d+/.exec(href)?.[0];
    const hits = xid ? [...images.keys()].filter((name) => path.basename(name).includes(`__${xid}.`)) : [];
    return hits.length === 1 ? images.get(hits[0]!) : undefined;
  };
  return (href) => at(path.join(path.dirname(document), href)) ?? at(href) ?? at(path.join('web_resources', href)) ?? endingIn(href) ?? byXid(href);
}

// A document that names an entity is hostile, not malformed: the whole package is refused for it.
const HOSTILE = new Set(['xml.entity', 'xml.doctype']);

const isQti12 = (content: Buffer) => rootOf(content.subarray(0, 1_000_000).toString('utf8'))?.local === 'questestinterop';

/**
 * A document the manifest names but the zip lacks, or that cannot be read, is a report line naming
 * it (an error, so the import is partial) while the other documents are imported; when no document
 * gave an item, the package is refused for the first such document, as a single file would be.
 */
export async function importPackage(zip: ZipArchive, options: ImportOptions, importer: DocumentImporter, onDocument?: (done: number, total: number) => void): Promise<ImportResult> {
  const manifest = await zip.read(MANIFEST);
  if (!manifest) throw new ImportFileError('package.noManifest');
  const documents = manifestDocuments(manifest);
  if (documents.length === 0) throw new ImportFileError('package.noItems');
  // Read up front (the importers are synchronous), within the zip reader's size budget.
  const images = new Map<string, Buffer>();
  for (const name of zip.names.filter((n) => IMAGE.test(n))) {
    const bytes = await zip.read(name);
    if (bytes) images.set(name, bytes);
  }
  const items: BankItem[] = [];
  const report: ImportReportEntry[] = [];
  const formats = new Map<ForeignFormat, number>();
  const failed: { file: string; error: ImportFileError }[] = [];
  let unsupported = false;
  let imported = 0;
  for (const [k, file] of documents.entries()) {
    onDocument?.(k, documents.length);
    const content = await zip.read(file);
    if (!content) {
      failed.push({ file, error: new ImportFileError('package.missingFile', { file }) });
      const entry = newEntry(report.length + 1, file);
      fail(entry, msg('import.documentMissing', { file }));
      report.push(entry);
      continue;
    }
    const format = importer.detect(content, path.basename(file));
    if (!format) {
      unsupported ||= isQti12(content);
      continue;
    }
    // Every document numbers its items from 1: a per-document prefix keeps the ids apart.
    const prefix = documents.length > 1 ? `${options.idPrefix}-${imported + 1}` : options.idPrefix;
    let result: ImportResult;
    try {
      result = await importer.import(content, { ...options, idPrefix: prefix, fileName: file }, format, filesFor(file, images));
    } catch (err) {
      // A QTI 1.2 assessment that only refers to items held elsewhere (WebCT's itemrefs, Canvas's
      // question-bank entries) has none of its own: passed over like a QTI 2 test, not the package refused.
      if (err instanceof ImportFileError && err.key === 'format.noQuestions') continue;
      if (!(err instanceof ImportFileError) || HOSTILE.has(err.key)) throw err;
      failed.push({ file, error: err });
      const entry = newEntry(report.length + 1, file);
      fail(entry, msg('import.documentUnreadable', { file, ...reasonParams(err) }));
      report.push(entry);
      continue;
    }
    imported++;
    formats.set(result.format, (formats.get(result.format) ?? 0) + result.report.length);
    items.push(...result.items);
    for (const entry of result.report) report.push({ ...entry, index: report.length + 1, sourceRef: entry.sourceRef ? `${file}: ${entry.sourceRef}` : file });
  }
  if (failed.length && items.length === 0) throw failed[0]!.error;
  if (report.length === 0) throw unsupported ? new ImportFileError('format.unsupported', { format: 'QTI 1.2' }) : new ImportFileError('package.noItems');
  const format = [...formats.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  return { format, items, report };
}
