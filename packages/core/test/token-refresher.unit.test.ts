import { createVendorClient, credentialsFor, HostMap, oauth2, TokenRefresher, OAUTH_KEYS, type TokenSink } from '../src';
import { json, localServer } from './local-server';

const auth = oauth2({ authorizeUrl: 'https://auth.vendor.example/authorize', tokenUrl: 'https://auth.vendor.example/token', rotatesRefreshToken: true });

describe('OAuth refresh', () => {
  let server: Awaited<ReturnType<typeof localServer>>;
  let validToken = 'fresh-1';
  let refreshes = 0;
  let revoked = false;

  beforeAll(async () => {
    server = await localServer((req, res) => {
      if (req.url === '/token') {
        if (revoked) return json(res, 400, { error: 'invalid_grant', error_description: 'refresh token revoked' });
        refreshes++;
        validToken = `fresh-${refreshes + 1}`;
        // A slow token endpoint widens the window in which concurrent callers could refresh twice.
        return setTimeout(() => json(res, 200, { access_token: validToken, refresh_token: `rt-${refreshes}`, expires_in: 3600 }), 50);
      }
      if (req.headers.authorization === `Bearer ${validToken}`) return json(res, 200, { ok: true });
      return json(res, 401, { error: 'expired' });
    });
  });
  afterAll(() => server.close());

  function setup(config: Record<string, string>) {
    const saved: Record<string, string | null>[] = [];
    let invalid = false;
    const sink: TokenSink = {
      save: async (_id, patch) => void saved.push(patch),
      markInvalid: async () => void (invalid = true),
    };
    const hostMap = HostMap.parse(`auth.vendor.example=${server.url},api.vendor.example=${server.url}`);
    const refresher = new TokenRefresher(sink, hostMap);
    const client = createVendorClient({
      elementName: 'Vendor',
      http: { baseUrl: 'https://api.vendor.example', providerMessage: (f) => JSON.stringify(f.body) },
      baseUrl: 'https://api.vendor.example',
      hostMap,
      credentials: credentialsFor(auth, config, { refresher, instanceId: 7 }),
    });
    return { client, saved, invalid: () => invalid };
  }

  const base = { [OAUTH_KEYS.clientId]: 'id', [OAUTH_KEYS.clientSecret]: 'secret', [OAUTH_KEYS.refreshToken]: 'rt-0' };

  it('refreshes once for 50 concurrent calls on an expired token, and persists the rotated refresh token', async () => {
    refreshes = 0;
    validToken = 'fresh-1';
    const { client, saved } = setup({ ...base, [OAUTH_KEYS.accessToken]: 'stale', [OAUTH_KEYS.expiresAt]: String(Date.now() - 1000) });
    const results = await Promise.all(Array.from({ length: 50 }, () => client.get('data')));
    expect(results).toHaveLength(50);
    expect(refreshes).toBe(1);
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ [OAUTH_KEYS.accessToken]: 'fresh-2', [OAUTH_KEYS.refreshToken]: 'rt-1' });
  });

  it('refreshes once on a 401 for a token it believed valid, then retries', async () => {
    refreshes = 0;
    validToken = 'fresh-1';
    const { client } = setup({ ...base, [OAUTH_KEYS.accessToken]: 'revoked-early', [OAUTH_KEYS.expiresAt]: String(Date.now() + 3_600_000) });
    await expect(client.get('data')).resolves.toEqual({ ok: true });
    expect(refreshes).toBe(1);
  });

  it('marks the instance invalid when the vendor rejects the refresh token', async () => {
    revoked = true;
    const { client, invalid } = setup({ ...base, [OAUTH_KEYS.accessToken]: 'stale', [OAUTH_KEYS.expiresAt]: String(Date.now() - 1000) });
    await expect(client.get('data')).rejects.toMatchObject({ status: 401, providerMessage: 'invalid_grant: refresh token revoked' });
    expect(invalid()).toBe(true);
    revoked = false;
  });

  it('adopts tokens another process refreshed instead of spending a rotated refresh token', async () => {
    revoked = false;
    refreshes = 0;
    validToken = 'fresh-1';
    // One stored configuration, two processes (refreshers) holding the same stale access token.
    const stored: Record<string, string> = { ...base, [OAUTH_KEYS.accessToken]: 'stale', [OAUTH_KEYS.expiresAt]: String(Date.now() - 1000) };
    const hostMap = HostMap.parse(`auth.vendor.example=${server.url},api.vendor.example=${server.url}`);
    const process = () => {
      const refresher = new TokenRefresher(
        {
          save: async (_id, patch) => void Object.assign(stored, patch),
          markInvalid: async () => undefined,
          load: async () => ({ ...stored }),
        },
        hostMap,
      );
      return createVendorClient({
        elementName: 'Vendor',
        http: { baseUrl: 'https://api.vendor.example', providerMessage: (f) => JSON.stringify(f.body) },
        baseUrl: 'https://api.vendor.example',
        hostMap,
        credentials: credentialsFor(auth, { ...stored }, { refresher, instanceId: 7 }),
      });
    };
    const [first, second] = [process(), process()];
    await expect(first.get('data')).resolves.toEqual({ ok: true });
    await expect(second.get('data')).resolves.toEqual({ ok: true });
    expect(refreshes).toBe(1);
    expect(stored[OAUTH_KEYS.refreshToken]).toBe('rt-1');
  });
});
