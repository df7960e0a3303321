export { sniffDocument, UnacceptableFileError, type Sniffed, type SniffedType } from './sniff.ts';
export { commitContentAddressed, contentPath, streamToTempFile, UploadTooLargeError } from './store.ts';
