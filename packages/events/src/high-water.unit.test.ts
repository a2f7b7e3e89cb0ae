import fc from 'fast-check';
import type { PollMark } from '@junction/store';
import { advanceMark, establishMark, type ObservedRecord } from './high-water';
import { epochMicros } from './timestamps';

const at = (second: number, micros = 0) => `2025-03-01T10:00:${String(second).padStart(2, '0')}.${String(micros).padStart(6, '0')}+00:00`;
const record = (id: string, modifiedDate: string, createdDate = modifiedDate): ObservedRecord => ({ id, modifiedDate, createdDate, record: { id } });

describe('high-water mark', () => {
  it('establishes the mark on the newest record without reporting anything, or on the window start when there is none', () => {
    expect(establishMark([record('a', at(1)), record('b', at(3)), record('c', at(3)), record('d', at(2))], at(0))).toEqual({ highWater: at(3), boundaryIds: ['b', 'c'] });
    expect(establishMark([], '2025-02-28T10:00:00.000Z')).toEqual({ highWater: '2025-02-28T10:00:00.000Z', boundaryIds: [] });
  });

  it('reports a record sharing the boundary timestamp once, neither missed nor repeated across polls', () => {
    const first = advanceMark({ highWater: at(5), boundaryIds: ['a'] }, [record('a', at(5)), record('b', at(5), at(1))]);
    expect(first.changes.map((c) => [c.observed.id, c.eventType])).toEqual([['b', 'UPDATED']]);
    expect(first.mark).toEqual({ highWater: at(5), boundaryIds: ['a', 'b'] });

    // The vendor answers `>= mark` again: a and b come back and are skipped; c shares the second.
    const second = advanceMark(first.mark as PollMark & { highWater: string }, [record('a', at(5)), record('b', at(5)), record('c', at(5))]);
    expect(second.changes.map((c) => [c.observed.id, c.eventType])).toEqual([['c', 'CREATED']]);

    const third = advanceMark(second.mark as PollMark & { highWater: string }, [record('b', at(5)), record('c', at(7, 12), at(5)), record('d', at(7, 12), at(2)), record('e', at(7, 12), at(6))]);
    expect(third.changes.map((c) => [c.observed.id, c.eventType])).toEqual([
      ['c', 'UPDATED'],
      ['d', 'UPDATED'],
      ['e', 'CREATED'],
    ]);
    expect(third.mark).toEqual({ highWater: at(7, 12), boundaryIds: ['c', 'd', 'e'] });
  });

  it('tells microseconds apart, ignores records it cannot date, and orders what it reports', () => {
    const { changes, mark } = advanceMark({ highWater: at(5, 100), boundaryIds: [] }, [
      record('late', at(5, 102)),
      record('early', at(5, 101)),
      record('before', at(5, 99)),
      record('undated', 'yesterday'),
    ]);
    expect(changes.map((c) => c.observed.id)).toEqual(['early', 'late']);
    expect(mark).toEqual({ highWater: at(5, 102), boundaryIds: ['late'] });
  });

  it('never reports a version twice and reports every write after the first poll, whatever the interleaving', () => {
    // Writes land on a coarse clock (several per tick), polls run anywhere between them.
    const step = fc.oneof(fc.record({ write: fc.integer({ min: 0, max: 5 }), tick: fc.integer({ min: 0, max: 1 }) }), fc.constant({ poll: true as const }));
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const vendor = new Map<string, { modifiedDate: string; createdDate: string }>();
        let clock = 0;
        const writes = (id: string) => {
          const existing = vendor.get(id);
          vendor.set(id, { modifiedDate: at(0, clock), createdDate: existing?.createdDate ?? at(0, clock) });
        };
        const list = (since: string) =>
          [...vendor.entries()].filter(([, r]) => epochMicros(r.modifiedDate)! >= epochMicros(since)!).map(([id, r]) => record(id, r.modifiedDate, r.createdDate));

        let mark = establishMark([...vendor.entries()].map(([id, r]) => record(id, r.modifiedDate, r.createdDate)), at(0, 0));
        const reported = new Set<string>();
        const poll = () => {
          const result = advanceMark(mark as PollMark & { highWater: string }, list(mark.highWater!));
          for (const c of result.changes) {
            const version = `${c.observed.id}@${c.observed.modifiedDate}`;
            expect(reported.has(version)).toBe(false);
            reported.add(version);
          }
          mark = result.mark;
        };
        const written = new Set<string>();
        for (const s of steps) {
          if ('poll' in s) poll();
          else {
            clock += s.tick;
            writes(`r${s.write}`);
            written.add(`r${s.write}`);
          }
        }
        poll();
        for (const id of written) {
          // The latest version of every record written is reported (a rewrite within the tick it was
          // reported at carries the same version, so it counts as reported).
          expect(reported.has(`${id}@${vendor.get(id)!.modifiedDate}`)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
