import { Worker } from 'node:worker_threads';
import { pgliteWorkerSource, SHARED_BUFFERS, type WorkerData, type WorkerReply, type WorkerRequest } from './pglite-worker-source';

type Pending = { resolve(reply: WorkerReply): void; reject(err: Error): void };
type Request = { op: 'query'; sql: string; params?: unknown[] } | { op: 'close' };

/** Rebuilds a worker-side error on this thread, with its SQLSTATE `code` and friends. */
function toError(error: { message: string } & Record<string, unknown>): Error {
  return Object.assign(new Error(error.message), error);
}

/**
 * Request/reply plumbing to the PGlite worker thread. The worker keeps the process alive only while
 * requests are outstanding, like a socket would, so an unclosed in-memory database never blocks exit.
 */
export class PgliteWorkerClient {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #stopped: Error | undefined;

  constructor(data: Omit<WorkerData, 'pglitePath' | 'sharedBuffers'>) {
    const workerData: WorkerData = { ...data, pglitePath: require.resolve('@electric-sql/pglite'), sharedBuffers: SHARED_BUFFERS };
    this.#worker = new Worker(pgliteWorkerSource, { eval: true, workerData });
    this.#worker.unref();
    this.#worker.on('message', (reply: WorkerReply) => this.#settle(reply));
    this.#worker.on('error', (err) => this.#stop(err));
    this.#worker.on('exit', (code) => this.#stop(new Error(`PGlite worker exited with code ${code}`)));
  }

  /** Sends a request; resolves with rows, rejects with the database error. */
  async send(request: Request): Promise<Extract<WorkerReply, { rows: unknown }>> {
    const reply = await new Promise<WorkerReply>((resolve, reject) => {
      if (this.#stopped) return reject(this.#stopped);
      const id = this.#nextId++;
      if (this.#pending.size === 0) this.#worker.ref();
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ id, ...request } satisfies WorkerRequest);
    });
    if ('error' in reply) throw toError(reply.error);
    return reply;
  }

  /** Stops the thread; later requests fail with "closed". */
  async terminate(): Promise<void> {
    this.#stopped ??= new Error('Database is closed');
    await this.#worker.terminate();
  }

  #settle(reply: WorkerReply): void {
    const pending = this.#pending.get(reply.id);
    this.#pending.delete(reply.id);
    if (this.#pending.size === 0) this.#worker.unref();
    pending?.resolve(reply);
  }

  #stop(err: Error): void {
    this.#stopped ??= err;
    for (const pending of this.#pending.values()) pending.reject(this.#stopped);
    this.#pending.clear();
  }
}
