export { checkDocument, DOCUMENT_CHECK_LIMITS } from './document-check.ts';
export { assertDocumentDecodes, sniffDocument, UnacceptableFileError, type Sniffed, type SniffedType } from './sniff.ts';
export { commitContentAddressed, contentPath, sha256File, streamToTempFile, UploadTooLargeError } from './store.ts';
export { assertDecodes, ImageDecodeError, writeCleanCopy, type CleanImage } from './decode.ts';
