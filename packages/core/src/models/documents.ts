import { z } from 'zod';

/**
 * The documents hub's normalized file or folder. `id` is what the hub routes by; `refId` is the
 * vendor's own id where it differs (Dropbox routes by path but has stable `id:` ids).
 */
export const DocumentEntry = z.object({
  id: z.string(),
  refId: z.string().optional(),
  name: z.string(),
  path: z.string(),
  directory: z.boolean(),
  size: z.number().optional(),
  mimeType: z.string().optional(),
  parentFolderId: z.string().optional(),
  createdDate: z.string().optional(),
  modifiedDate: z.string().optional(),
  /** The vendor's record, answered only with `raw=true`. */
  raw: z.unknown().optional(),
});
export type DocumentEntry = z.infer<typeof DocumentEntry>;

/** A shareable link to a file. */
export const DocumentLink = z.object({
  providerLink: z.string(),
  providerViewLink: z.string().optional(),
  expires: z.string().nullable(),
  raw: z.unknown().optional(),
});
export type DocumentLink = z.infer<typeof DocumentLink>;

export const StorageInfo = z.object({
  used: z.number(),
  allocated: z.number().optional(),
  raw: z.unknown().optional(),
});
export type StorageInfo = z.infer<typeof StorageInfo>;
