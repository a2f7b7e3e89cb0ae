export { box } from './element';
export { boxDocuments, type BoxDocumentsOptions } from './documents';
