export { dropbox } from './element';
export { createDropboxDocuments } from './documents';
export type { UploadTuning } from './operations/upload';
