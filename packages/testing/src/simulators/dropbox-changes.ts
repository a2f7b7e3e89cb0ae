/**
 * The Dropbox simulator's change log: every path a write touched, in order. Cursors hold a
 * position in it, so `list_folder/continue` reports what changed after the cursor was taken, and
 * each change wakes the webhook notifier.
 * https://www.dropbox.com/developers/documentation/http/documentation#files-list_folder-continue
 */

/** One path a write touched: a file or folder appeared or changed there, or went away. */
export interface PathChange {
  /** Position in the log, from 1. */
  seq: number;
  /** The cased path, as it was at the time. */
  pathDisplay: string;
}

/** An append-only list of path changes with a horizon, before which cursors cannot continue. */
export class ChangeLog {
  private changes: PathChange[] = [];
  private count = 0;
  private horizon = 0;
  private readonly listeners = new Set<() => void>();

  /** The position after the newest change: a cursor taken now reports what comes after it. */
  get position(): number {
    return this.count;
  }

  record(pathDisplay: string): void {
    this.changes.push({ seq: ++this.count, pathDisplay });
    for (const listener of this.listeners) listener();
  }

  /**
   * The changes after `position`, oldest first; `undefined` when the log no longer reaches back
   * that far (or never reached that far), which Dropbox answers with the `reset` route error.
   */
  since(position: number): PathChange[] | undefined {
    if (!Number.isInteger(position) || position < this.horizon || position > this.count) return undefined;
    return this.changes.filter((c) => c.seq > position);
  }

  /** Forgets the history so far: every cursor taken before now answers `reset`, as an old one does at Dropbox. */
  expire(): void {
    // One position is skipped, so even a cursor taken after the newest change cannot continue.
    this.horizon = ++this.count;
    this.changes = [];
  }

  /** Calls `listener` after each change; returns the function that stops it. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
