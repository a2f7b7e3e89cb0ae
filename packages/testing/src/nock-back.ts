import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import nock, { type BackMode, type Definition } from 'nock';

/**
 * Recordings replay in `lockdown` (no recording, no pass; nothing reaches the network) unless
 * NOCK_BACK_MODE=record is set by someone recording against a real vendor account.
 */
export function recordingMode(): BackMode {
  return process.env.NOCK_BACK_MODE === 'record' ? 'record' : 'lockdown';
}

export interface RecordingOptions {
  /** Folder holding `<name>.json` recordings, usually `plugins/<key>/test/__recordings__`. */
  directory: string;
  /** Origins recorded against a stand-in (a simulator) that should be stored as the real vendor origin. */
  originAliases?: Record<string, string>;
  /** Extra values to blank out of recordings (API keys, tokens, emails of real people). */
  secrets?: string[];
}

/** Values in recorded bodies and headers that must never reach a committed file. */
const SECRET_FIELDS = /^(access_token|refresh_token|client_secret|password|api_key|apikey|signature_key|token|secret)$/i;

/** Replaces secret-looking fields and listed values, and maps simulator origins to vendor origins. */
export function scrubDefinitions(definitions: Definition[], options: RecordingOptions): Definition[] {
  const scrubValue = (value: unknown): unknown => {
    if (typeof value === 'string') {
      let out = value;
      for (const secret of options.secrets ?? []) if (secret) out = out.split(secret).join('<scrubbed>');
      return out;
    }
    if (Array.isArray(value)) return value.map(scrubValue);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, SECRET_FIELDS.test(k) && typeof v === 'string' ? '<scrubbed>' : scrubValue(v)]),
      );
    }
    return value;
  };
  return definitions.map((d) => {
    const recorded = d as Definition & { rawHeaders?: Record<string, string> | string[] };
    const scope = typeof d.scope === 'string' ? (options.originAliases?.[d.scope] ?? d.scope) : d.scope;
    const response = scrubValue(d.response) as Definition['response'];
    let rawHeaders = recorded.rawHeaders;
    if (rawHeaders && !Array.isArray(rawHeaders)) {
      rawHeaders = scrubValue(rawHeaders) as Record<string, string>;
      // A scrubbed body is shorter than the one recorded: replay it with its own length.
      if (rawHeaders['content-length'] !== undefined && response && typeof response === 'object') {
        rawHeaders['content-length'] = String(Buffer.byteLength(JSON.stringify(response)));
      }
    }
    return { ...d, scope, body: scrubValue(d.body) as Definition['body'], response, rawHeaders, reqheaders: undefined } as Definition;
  });
}

export interface OpenRecording {
  /** Ends the recording; in lockdown, fails if any recorded exchange was not replayed. */
  done(): void;
}

/**
 * Opens the named recording for a group of tests: in lockdown every request must match a
 * recorded one; in record mode the exchange is written, scrubbed and pretty-printed.
 */
export async function openRecording(options: RecordingOptions, name: string): Promise<OpenRecording> {
  const mode = recordingMode();
  nock.back.fixtures = options.directory;
  nock.back.setMode(mode);
  const file = path.join(options.directory, `${name}.json`);
  // nock.back replays an existing file even in record mode; recording means recording anew.
  if (mode === 'record') rmSync(file, { force: true });
  const { nockDone, context } = await nock.back(`${name}.json`, {
    afterRecord: (definitions) => scrubDefinitions(definitions, options),
  });
  return {
    done: () => {
      try {
        if (mode === 'lockdown') context.assertScopesFinished();
      } finally {
        nockDone();
        nock.cleanAll();
        nock.enableNetConnect();
        // Jest runs many files in one process: leave no interception behind for the next file.
        nock.restore();
        if (mode === 'record') writeFileSync(file, `${JSON.stringify(JSON.parse(readFileSync(file, 'utf8')), null, 2)}\n`);
      }
    },
  };
}

/**
 * Runs `fn` inside the named recording (see `openRecording`).
 *
 * @example
 * await withRecording({ directory }, 'contacts-crud', async () => { ... });
 */
export async function withRecording<T>(options: RecordingOptions, name: string, fn: () => Promise<T>): Promise<T> {
  const recording = await openRecording(options, name);
  let failed = false;
  try {
    return await fn();
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    if (failed) {
      try {
        recording.done();
      } catch {
        // the test's own failure is the one worth reporting
      }
    } else recording.done();
  }
}
