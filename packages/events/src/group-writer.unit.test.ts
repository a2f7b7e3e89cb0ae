import { GroupWriter } from './group-writer';

describe('GroupWriter', () => {
  it('writes items added together in one batch, and items added during a write in the next one', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    let gate = new Promise<void>((resolve) => (release = resolve));
    const writer = new GroupWriter<number, number>(async (items) => {
      batches.push(items);
      await gate;
      return items.map((n) => n * 10);
    });
    const first = [writer.add(1), writer.add(2)];
    await new Promise((resolve) => setImmediate(resolve));
    const second = [writer.add(3), writer.add(4), writer.add(5)];
    expect(batches).toEqual([[1, 2]]);
    const released = release;
    gate = Promise.resolve();
    released();
    expect(await Promise.all([...first, ...second])).toEqual([10, 20, 30, 40, 50]);
    expect(batches).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
  });

  it('splits a backlog into batches of at most maxBatch', async () => {
    const sizes: number[] = [];
    const writer = new GroupWriter<number, number>(async (items) => (sizes.push(items.length), items), 2);
    await Promise.all([1, 2, 3, 4, 5].map((n) => writer.add(n)));
    expect(sizes).toEqual([2, 2, 1]);
  });

  it('fails every item of a failed write, and keeps writing later ones', async () => {
    let fail = true;
    const writer = new GroupWriter<number, number>(async (items) => {
      if (fail) throw new Error('database unavailable');
      return items;
    });
    const failed = [writer.add(1), writer.add(2)];
    await expect(Promise.all(failed)).rejects.toThrow('database unavailable');
    await expect(failed[1]).rejects.toThrow('database unavailable');
    fail = false;
    await expect(writer.add(3)).resolves.toBe(3);
  });
});
