export { checkDocument, DOCUMENT_CHECK_LIMITS } from './document-check.ts';
export { assertDocumentDecodes, sniffDocument, UnacceptableFileError, type Sniffed, type SniffedType } from './sniff.ts';
export { sha256File } from './store.ts';
export { UploadTooLargeError } from '../file-store.ts';
export { assertDecodes, ImageDecodeError, writeCleanCopy, type CleanImage } from './decode.ts';
