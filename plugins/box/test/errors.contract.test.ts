import { NotFoundError, OAUTH_KEYS, VendorError } from '@junction/core';
import { calls, config, element, rejectionOf, withBox } from './box-vendor';

const documents = element.documents!;

describe('Box failures', () => {
  it('maps not found, rate limits and refused tokens with Box words', async () => {
    await withBox('errors', (box) => void box.seed({ '/here.txt': 'x' }), async (open, box) => {
      const unknownId = await rejectionOf(documents.metadata(open(), { id: '9999999999' }, 'file'));
      expect(unknownId).toBeInstanceOf(VendorError);
      expect(unknownId).toMatchObject({ status: 404, providerMessage: 'not_found: Not Found' });

      const unknownPath = await rejectionOf(documents.metadata(open(), { path: '/missing/here.txt' }, 'file'));
      expect(unknownPath).toBeInstanceOf(NotFoundError);
      expect(unknownPath).toMatchObject({ status: 404, message: "No file at '/missing/here.txt' found" });
      const wrongKind = await rejectionOf(documents.metadata(open(), { path: '/here.txt' }, 'folder'));
      expect(wrongKind).toMatchObject({ status: 404, message: "No folder at '/here.txt' found" });

      box?.state.failNext(1, 429, undefined, { 'retry-after': '1' });
      const started = Date.now();
      expect(await documents.storage(open())).toMatchObject({ used: 1 });
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);

      box?.state.failNext(1, 429, undefined, { 'retry-after': '120' });
      const limited = await rejectionOf(documents.storage(open()));
      expect(limited).toMatchObject({ status: 429, headers: { 'retry-after': '120' }, providerMessage: 'rate_limit_exceeded: Request rate limit exceeded, please try again later' });
    });
    expect(calls('errors').map((c) => c.replace(/\?.* /, ' '))).toEqual([
      'GET api.box.com/2.0/files/9999999999 404',
      'GET api.box.com/2.0/folders/0/items 200',
      'GET api.box.com/2.0/folders/0/items 200',
      'GET api.box.com/2.0/users/me 429',
      'GET api.box.com/2.0/users/me 200',
      'GET api.box.com/2.0/users/me 429',
    ]);
  });

  it('gives back the 401 challenge of a revoked token when no refresh is possible', async () => {
    await withBox(
      'errors-unauthorized',
      () => undefined,
      async (open) => {
        const refused = await rejectionOf(documents.storage(open()));
        expect(refused).toBeInstanceOf(VendorError);
        expect(refused).toMatchObject({
          status: 401,
          providerMessage: 'Bearer realm="Service", error="invalid_token", error_description="The access token provided is invalid."',
        });
      },
      { ...config, [OAUTH_KEYS.accessToken]: 'revoked-access-token' },
    );
    expect(calls('errors-unauthorized')).toEqual(['GET api.box.com/2.0/users/me?fields=space_amount%2Cspace_used 401']);
  });
});
