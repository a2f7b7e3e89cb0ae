/**
 * Runs tasks one at a time, in call order: PGlite is a single connection, so a transaction must
 * have it to itself from BEGIN to COMMIT.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task);
    // The next task waits for this one to settle, whether it succeeded or not.
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
