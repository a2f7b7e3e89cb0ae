import fc from 'fast-check';
import { anyValue, ceqlNode } from './arbitraries.test-helper';
import { matchesCeql } from './evaluate';
import { fieldsOf, mapFields } from './fields';
import { parseCeql } from './parser';
import { printCeql } from './print';

describe('fieldsOf', () => {
  it('lists each field once, in order of first use', () => {
    expect(fieldsOf(parseCeql("b = 1 AND (a IS NULL OR b IN (2)) AND `c d` LIKE 'x'"))).toEqual(['b', 'a', 'c d']);
  });
});

describe('mapFields', () => {
  it('renames every field and leaves the input alone', () => {
    const query = parseCeql("email = 'x' OR (name IS NOT NULL AND id NOT IN (1, 2))");
    const before = structuredClone(query);
    const renamed = mapFields(query, (field) => `vendor_${field}`);
    expect(printCeql(renamed)).toBe("vendor_email = 'x' OR (vendor_name IS NOT NULL AND vendor_id NOT IN (1, 2))");
    expect(query).toEqual(before);
  });

  it('matches renamed records exactly as the original query matched the originals', () => {
    const field = fc.constantFrom('a', 'b', 'c');
    const rename = (name: string): string => `v_${name}`;
    fc.assert(
      fc.property(
        ceqlNode({ field, value: anyValue }),
        fc.record({ a: anyValue, b: anyValue, c: anyValue }, { requiredKeys: [] }),
        (query, row) => {
          const renamedRow = Object.fromEntries(Object.entries(row).map(([key, value]) => [rename(key), value]));
          const renamed = mapFields(query, rename);
          expect(matchesCeql(renamed, renamedRow)).toBe(matchesCeql(query, row));
          expect(fieldsOf(renamed)).toEqual(fieldsOf(query).map(rename));
        },
      ),
    );
  });
});
