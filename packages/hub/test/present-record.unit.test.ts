import fc from 'fast-check';
import { project, sortRecords, withoutNulls } from '../src/hub/present-record';

describe('withoutNulls', () => {
  it('drops nulls and undefined at every depth and keeps everything else', () => {
    expect(withoutNulls({ a: 1, b: null, c: { d: null, e: [1, null, { f: undefined, g: 'x' }] } })).toEqual({ a: 1, c: { e: [1, null, { g: 'x' }] } });
  });
  it('returns the same object when there is nothing to drop', () => {
    const record = { id: '1', nested: { list: [1, 2] } };
    expect(withoutNulls(record)).toBe(record);
  });
  it('never leaves a null property behind', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(withoutNulls(value));
        return text === undefined || !/:null[,}]/.test(text);
      }),
    );
  });
});

describe('project and sortRecords', () => {
  it('keeps id plus the listed fields', () => {
    expect(project({ id: '1', a: 1, b: 2 }, ['b'])).toEqual({ id: '1', b: 2 });
  });
  it('sorts by several fields, missing values last', () => {
    const rows = [{ n: 2, s: 'b' }, { n: 1, s: 'z' }, { s: 'a' }, { n: 1, s: 'a' }];
    expect(sortRecords(rows, [{ field: 'n', direction: 'asc' }, { field: 's', direction: 'desc' }])).toEqual([{ n: 1, s: 'z' }, { n: 1, s: 'a' }, { n: 2, s: 'b' }, { s: 'a' }]);
  });
});
