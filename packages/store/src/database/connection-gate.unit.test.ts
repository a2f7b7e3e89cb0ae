import { ConnectionGate } from './connection-gate';

/** A task that stays running until `finish` is called, recording when it started. */
function pending(log: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { task: () => (log.push(`start ${name}`), done.then(() => log.push(`end ${name}`))), finish: () => finish() };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('ConnectionGate', () => {
  it('runs shared tasks at once, side by side', async () => {
    const gate = new ConnectionGate();
    const log: string[] = [];
    const a = pending(log, 'a');
    const b = pending(log, 'b');
    const running = [gate.shared(a.task), gate.shared(b.task)];
    await settle();
    expect(log).toEqual(['start a', 'start b']);
    a.finish();
    b.finish();
    await Promise.all(running);
  });

  it('starts an exclusive task only once the shared ones in flight are done, and holds later ones back until it ends', async () => {
    const gate = new ConnectionGate();
    const log: string[] = [];
    const a = pending(log, 'a');
    const tx = pending(log, 'tx');
    const b = pending(log, 'b');
    const running = [gate.shared(a.task), gate.exclusive(tx.task), gate.shared(b.task)];
    await settle();
    expect(log).toEqual(['start a']);
    a.finish();
    await settle();
    expect(log).toEqual(['start a', 'end a', 'start tx']);
    tx.finish();
    await settle();
    expect(log).toEqual(['start a', 'end a', 'start tx', 'end tx', 'start b']);
    b.finish();
    await Promise.all(running);
  });

  it('releases the connection when a task fails, synchronously or not', async () => {
    const gate = new ConnectionGate();
    await expect(gate.exclusive(() => Promise.reject(new Error('async failure')))).rejects.toThrow('async failure');
    await expect(
      gate.exclusive(() => {
        throw new Error('sync failure');
      }),
    ).rejects.toThrow('sync failure');
    await expect(gate.shared(async () => 'still usable')).resolves.toBe('still usable');
  });
});
