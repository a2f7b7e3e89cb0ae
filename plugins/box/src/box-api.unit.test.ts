import { DocumentEntry } from '@junction/core';
import { boxProviderMessage, conflictingItem, pathOf, retryAfter, toEntry } from './box-api';
import { segmentsOf, splitParent } from './paths';

const inFolder = {
  type: 'file' as const,
  id: '12',
  name: 'b.txt',
  size: 3,
  created_at: '2026-01-01T01:00:00-08:00',
  modified_at: null,
  parent: { id: '11' },
  path_collection: { total_count: 2, entries: [{ id: '0', name: 'All Files' }, { id: '11', name: 'A' }] },
};

describe('Box items as hub entries', () => {
  it('builds paths from path_collection without the All Files root', () => {
    expect(pathOf(inFolder)).toBe('/A/b.txt');
    expect(pathOf({ type: 'folder', id: '0', name: 'All Files', path_collection: { total_count: 0, entries: [] } })).toBe('/');
    expect(DocumentEntry.parse(toEntry(inFolder))).toEqual({ id: '12', name: 'b.txt', path: '/A/b.txt', directory: false, size: 3, parentFolderId: '11', createdDate: '2026-01-01T01:00:00-08:00' });
  });

  it('splits absolute paths and refuses relative ones and the root as a target', () => {
    expect(segmentsOf('/a//b/')).toEqual(['a', 'b']);
    expect(splitParent('/a/b c.txt')).toEqual({ parent: '/a', name: 'b c.txt' });
    expect(splitParent('/top')).toEqual({ parent: '/', name: 'top' });
    expect(() => splitParent('/')).toThrow('The root folder cannot be the target of this operation');
    expect(() => segmentsOf('a/b')).toThrow("'a/b' is not an absolute path");
  });
});

describe('Box failures', () => {
  const failure = (body: unknown, headers: Record<string, string> = {}) => ({ status: 400, headers, body });

  it('keeps Box words: code and message, OAuth errors, or the 401 challenge', () => {
    expect(boxProviderMessage(failure({ type: 'error', status: 404, code: 'not_found', message: 'Not Found', request_id: 'r' }))).toBe('not_found: Not Found');
    expect(boxProviderMessage(failure({ type: 'error', status: 409, code: 'conflict' }))).toBe('conflict');
    expect(boxProviderMessage(failure({ error: 'invalid_grant', error_description: 'Invalid refresh token' }))).toBe('invalid_grant: Invalid refresh token');
    expect(boxProviderMessage(failure('', { 'www-authenticate': 'Bearer error="invalid_token"' }))).toBe('Bearer error="invalid_token"');
    expect(boxProviderMessage(failure('<html>down</html>'))).toBe('<html>down</html>');
  });

  it('finds the item in the way whether Box sends conflicts as an object or a list', () => {
    const item = { type: 'file', id: '9', name: 'x' };
    expect(conflictingItem({ type: 'error', code: 'item_name_in_use', context_info: { conflicts: item } })).toEqual(item);
    expect(conflictingItem({ type: 'error', code: 'item_name_in_use', context_info: { conflicts: [item] } })).toEqual(item);
    expect(conflictingItem({ type: 'error', code: 'conflict' })).toBeUndefined();
  });

  it('reads Retry-After seconds within bounds', () => {
    expect(retryAfter({ 'retry-after': '2' }, 1000, 30_000)).toBe(2000);
    expect(retryAfter({}, 1000, 30_000)).toBe(1000);
    expect(retryAfter({ 'retry-after': '3600' }, 1000, 30_000)).toBe(30_000);
  });
});
