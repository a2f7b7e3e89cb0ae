/**
 * Content routes of the Dropbox simulator (content.dropboxapi.com): `files/upload`, upload
 * sessions (start → append_v2 → finish) and `files/download`. A file exists only once a
 * complete request committed it; an interrupted upload or an unfinished session leaves nothing.
 * https://www.dropbox.com/developers/documentation/http/documentation#files-upload
 */
import { randomBytes } from 'node:crypto';
import { nestedUnion, renderMetadata } from './dropbox-render';
import { BadInputError, optionalField, stringField, unionTag, type DropboxAccount, type DropboxRoute, type UploadSession } from './dropbox-routes';
import { contentHash, RouteError } from './dropbox-tree';

const cursorOf = (arg: Record<string, unknown> | null) => optionalField<Record<string, unknown>>(arg, 'cursor', 'object') ?? null;

const commitFields = { path: true, mode: false, autorename: false, client_modified: false, mute: false, property_groups: false, strict_conflict: false };

/** Routes by name (`files/upload`), as called at `/2/<name>` on the content host. */
export function contentRoutes(account: DropboxAccount): Record<string, DropboxRoute> {
  const { tree, sessions } = account;

  /** The content-hash check every upload-style call makes (the size is checked on arrival). */
  const checkPayload = (arg: Record<string, unknown> | null, body: Buffer) => {
    const hash = optionalField<string>(arg, 'content_hash', 'string');
    if (hash !== undefined && hash !== contentHash(body)) throw new RouteError(['content_hash_mismatch']);
  };

  /** Saves bytes per `CommitInfo`; `finishing` says which `path` error shape applies. */
  const commit = (info: Record<string, unknown> | null, content: Buffer, finishing: boolean) => {
    const mode = unionTag(info?.mode ?? 'add');
    if (mode !== 'add' && mode !== 'overwrite') throw new BadInputError(`request body: mode: unsupported write mode ${JSON.stringify(info?.mode)}`);
    try {
      return tree.writeFile(stringField(info, 'path'), content, mode, optionalField<string>(info, 'client_modified', 'string'));
    } catch (error) {
      // UploadError.path is the struct UploadWriteFailed {reason, upload_session_id}.
      if (error instanceof RouteError && !finishing && error.tags[0] === 'path') {
        const uploadSessionId = `pid_upload_session:${randomBytes(24).toString('base64url')}`;
        throw new RouteError(error.tags, { '.tag': 'path', reason: nestedUnion(error.tags.slice(1)), upload_session_id: uploadSessionId });
      }
      throw error;
    }
  };

  /**
   * The session a cursor names at the offset it says, or the `UploadSessionLookupError` tags
   * (under `prefix` for finish). A session closed by `append_v2(close)` can still be finished.
   */
  const sessionAt = (cursor: Record<string, unknown> | null, prefix: string[], finishing: boolean): UploadSession => {
    const session = sessions.get(stringField(cursor, 'session_id'));
    if (!session) throw new RouteError([...prefix, 'not_found']);
    if (session.closed && !finishing) throw new RouteError([...prefix, 'closed']);
    if (cursor?.offset !== session.length) {
      const body = { '.tag': 'incorrect_offset', correct_offset: session.length };
      throw new RouteError([...prefix, 'incorrect_offset'], prefix.length ? { '.tag': prefix[0], [prefix[0]]: body } : body);
    }
    return session;
  };

  const append = (session: UploadSession, body: Buffer) => {
    session.chunks.push(body);
    session.length += body.length;
  };

  const upload = { host: 'content', style: 'upload', scope: 'files.content.write' } as const;

  return {
    'files/upload': {
      ...upload,
      fields: { ...commitFields, content_hash: false },
      handle: ({ arg, body }) => {
        checkPayload(arg, body);
        return { json: renderMetadata(commit(arg, body, false), false) };
      },
    },
    'files/upload_session/start': {
      ...upload,
      fields: { close: false, session_type: false, content_hash: false },
      handle: ({ arg, body }) => {
        checkPayload(arg, body);
        const sessionId = `pid_upload_session:${randomBytes(24).toString('base64url')}`;
        sessions.set(sessionId, { chunks: [body], length: body.length, closed: optionalField<boolean>(arg, 'close', 'boolean') ?? false });
        return { json: { session_id: sessionId } };
      },
    },
    'files/upload_session/append_v2': {
      ...upload,
      fields: { cursor: true, close: false, content_hash: false },
      handle: ({ arg, body }) => {
        checkPayload(arg, body);
        const session = sessionAt(cursorOf(arg), [], false);
        append(session, body);
        session.closed = optionalField<boolean>(arg, 'close', 'boolean') ?? false;
        return { json: null };
      },
    },
    'files/upload_session/finish': {
      ...upload,
      fields: { cursor: true, commit: true, content_hash: false },
      handle: ({ arg, body }) => {
        checkPayload(arg, body);
        const cursor = cursorOf(arg);
        const session = sessionAt(cursor, ['lookup_failed'], true);
        append(session, body);
        const node = commit(optionalField<Record<string, unknown>>(arg, 'commit', 'object') ?? null, Buffer.concat(session.chunks, session.length), true);
        sessions.delete(stringField(cursor, 'session_id'));
        return { json: renderMetadata(node, false) };
      },
    },
    'files/download': {
      host: 'content',
      style: 'download',
      scope: 'files.content.read',
      fields: { path: true, rev: false },
      handle: ({ arg }) => {
        const node = tree.lookup(stringField(arg, 'path'), 'path');
        if (node.kind !== 'file') throw new RouteError(['path', 'not_file']);
        return { bytes: node.content ?? Buffer.alloc(0), result: renderMetadata(node, false) };
      },
    },
  };
}
