interface Waiter {
  exclusive: boolean;
  start: () => void;
}

/**
 * Shares PGlite's single connection. Statements of their own are `shared`: any number may be
 * in flight at once (the worker runs them in the order they were sent, so pipelining them saves
 * a thread round trip per statement without reordering anything). A transaction is `exclusive`:
 * it waits for the statements in flight to finish and holds the connection from BEGIN to COMMIT,
 * so no other statement can slip into it. Waiters start in call order; a statement called after
 * a waiting transaction waits behind it.
 */
export class ConnectionGate {
  #shared = 0;
  #exclusive = false;
  readonly #waiting: Waiter[] = [];

  shared<T>(task: () => Promise<T>): Promise<T> {
    return this.#enter(false, task);
  }

  exclusive<T>(task: () => Promise<T>): Promise<T> {
    return this.#enter(true, task);
  }

  #enter<T>(exclusive: boolean, task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        if (exclusive) this.#exclusive = true;
        else this.#shared++;
        let running: Promise<T>;
        try {
          running = task();
        } catch (err) {
          running = Promise.reject(err);
        }
        running.then(resolve, reject).finally(() => {
          if (exclusive) this.#exclusive = false;
          else this.#shared--;
          this.#pump();
        });
      };
      this.#waiting.push({ exclusive, start });
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#waiting.length > 0 && !this.#exclusive) {
      const next = this.#waiting[0];
      if (next.exclusive && this.#shared > 0) return;
      this.#waiting.shift();
      next.start();
    }
  }
}
