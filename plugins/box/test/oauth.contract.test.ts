import {
  authorizeUrl,
  createVendorClient,
  credentialsFor,
  HostMap,
  OAUTH_KEYS,
  refreshTokens,
  TokenRefresher,
  UnauthorizedError,
  type OAuth2Auth,
} from '@junction/core';
import { recordingMode } from '@junction/testing/recordings';
import { calls, config, element, recorded, rejectionOf, withBox } from './box-vendor';

const auth = element.auth as OAuth2Auth;
const OLD_REFRESH_TOKEN = 'recording-refresh-token';

describe('Box OAuth', () => {
  it('sends the user to account.box.com to authorize', () => {
    const url = new URL(authorizeUrl(auth, { clientId: 'app-id', callbackUrl: 'https://app.example/cb', state: 's-1', values: {} }, HostMap.empty()));
    expect(`${url.origin}${url.pathname}`).toBe('https://account.box.com/api/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({ response_type: 'code', client_id: 'app-id', redirect_uri: 'https://app.example/cb', state: 's-1' });
    expect(auth).toMatchObject({ tokenUrl: 'https://api.box.com/oauth2/token', revokeUrl: 'https://api.box.com/oauth2/revoke', rotatesRefreshToken: true });
  });

  it('persists the new refresh token Box issues on every refresh, and the old one is dead afterwards', async () => {
    const saved: Record<string, string | null>[] = [];
    const sink = { save: async (_id: number, patch: Record<string, string | null>) => void saved.push(patch), markInvalid: async () => undefined };
    const expired = { ...config, [OAUTH_KEYS.accessToken]: 'expired-access-token', [OAUTH_KEYS.refreshToken]: OLD_REFRESH_TOKEN, [OAUTH_KEYS.expiresAt]: String(Date.now() - 1000) };

    await withBox(
      'oauth-refresh',
      () => undefined,
      async (_open, _box, hostMap) => {
        const refresher = new TokenRefresher(sink, hostMap);
        const http = createVendorClient({
          elementName: element.name,
          http: element.http,
          baseUrl: element.http.baseUrl,
          hostMap,
          credentials: credentialsFor(auth, expired, { refresher, instanceId: 7 }),
        });
        // The expired token is refreshed before the call leaves; the health check then passes with the new one.
        await element.healthCheck({ config: expired, http, instanceId: 7 });

        const reused = await rejectionOf(
          refreshTokens(auth, { refreshToken: OLD_REFRESH_TOKEN, clientId: config[OAUTH_KEYS.clientId], clientSecret: config[OAUTH_KEYS.clientSecret], values: {} }, hostMap),
        );
        expect(reused).toBeInstanceOf(UnauthorizedError);
        expect(reused).toMatchObject({ status: 401, providerMessage: 'invalid_grant: Invalid refresh token' });
      },
      expired,
    );

    const [refresh] = recorded('oauth-refresh');
    expect(refresh.body).toBe(`grant_type=refresh_token&refresh_token=${OLD_REFRESH_TOKEN}&client_id=recording-client-id&client_secret=recording-client-secret`);
    const issued = refresh.response as { refresh_token: string; access_token: string };
    expect(saved).toHaveLength(1);
    expect(saved[0][OAUTH_KEYS.refreshToken]).not.toBe(OLD_REFRESH_TOKEN);
    // Replays carry the scrubbed token values; a recording run sees the real ones.
    if (recordingMode() !== 'record') expect(saved[0]).toMatchObject({ [OAUTH_KEYS.refreshToken]: issued.refresh_token, [OAUTH_KEYS.accessToken]: issued.access_token });
    expect(Number(saved[0][OAUTH_KEYS.expiresAt])).toBeGreaterThan(Date.now() + 3500 * 1000);
    expect(calls('oauth-refresh')).toEqual([
      'POST api.box.com/oauth2/token 200',
      'GET api.box.com/2.0/users/me?fields=id 200',
      'POST api.box.com/oauth2/token 400',
    ]);
  });
});
