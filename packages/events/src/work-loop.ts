import type { EventsLogger } from './host';

/**
 * Runs `tick` over and over: again at once while it reports a full batch, otherwise after
 * `intervalMs` or as soon as `wake()` is called (new work stored by this process). Errors are
 * logged and the loop goes on; `stop()` resolves once the running tick has finished.
 */
export class WorkLoop {
  private running = false;
  private woken = false;
  private current: Promise<void> | undefined;
  private interrupt: (() => void) | undefined;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly tick: () => Promise<boolean>,
    private readonly logger: EventsLogger,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.current = this.run();
  }

  /** Looks for work now instead of at the next interval. */
  wake(): void {
    this.woken = true;
    this.interrupt?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.interrupt?.();
    await this.current;
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.woken = false;
      let busy = false;
      try {
        busy = await this.tick();
      } catch (error) {
        this.logger.error({ err: error, worker: this.name }, 'background work failed');
      }
      if (!busy && !this.woken && this.running) await this.pause();
    }
  }

  private pause(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.interrupt = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.intervalMs);
      timer.unref();
      this.interrupt = done;
    });
  }
}
