/**
 * OAuth 2.0 of the HubSpot simulator: the authorize redirect (app.hubspot.com in reality), the
 * token endpoint (authorization_code and refresh_token grants, form-encoded), token metadata,
 * and bearer-token checks with HubSpot's 401 bodies.
 * https://developers.hubspot.com/docs/api/oauth-quickstart-guide
 */
import { randomBytes } from 'node:crypto';

/** Options of the simulated OAuth app and account. */
export interface HubSpotOAuthOptions {
  clientId: string;
  clientSecret: string;
  /** Access tokens valid without an exchange (until {@link HubSpotOAuth.expireAccessTokens}). */
  accessTokens: string[];
  /** Refresh tokens accepted without an exchange. */
  refreshTokens: string[];
  /** `expires_in` of issued access tokens. */
  tokenLifetimeSeconds: number;
  portalId: number;
  scopes: string[];
}

/** A token-endpoint answer: the status and the JSON body. */
export interface OAuthAnswer {
  status: number;
  body: Record<string, unknown>;
}

interface IssuedToken {
  expiresAt: number;
  scopes: string[];
}

const token = (prefix: string) => `${prefix}-${randomBytes(18).toString('base64url')}`;

/** The OAuth state of one simulated app installed in one account. */
export class HubSpotOAuth {
  private readonly codes = new Map<string, { redirectUri: string; scopes: string[] }>();
  private readonly accessTokens = new Map<string, IssuedToken>();
  private readonly refreshTokens = new Map<string, string[]>();
  private revoked = false;

  constructor(
    private readonly options: HubSpotOAuthOptions,
    private readonly now: () => number,
  ) {
    this.reset();
  }

  /** `GET /oauth/authorize`: the URL the browser is sent back to, or an error message. */
  authorize(query: Record<string, string | undefined>): { location: string } | { error: string } {
    if (query.client_id !== this.options.clientId) return { error: 'Unknown client_id' };
    if (!query.redirect_uri) return { error: 'redirect_uri is required' };
    let target: URL;
    try {
      target = new URL(query.redirect_uri);
    } catch {
      return { error: 'redirect_uri is not a URL' };
    }
    const code = token('code');
    this.codes.set(code, { redirectUri: query.redirect_uri, scopes: (query.scope ?? '').split(/[ +]/).filter(Boolean) });
    target.searchParams.set('code', code);
    if (query.state !== undefined) target.searchParams.set('state', query.state);
    return { location: target.toString() };
  }

  /** `POST /oauth/v1/token`. https://developers.hubspot.com/docs/api/oauth/tokens */
  exchange(form: Record<string, string>): OAuthAnswer {
    if (form.client_id !== this.options.clientId) return fail('BAD_CLIENT_ID', 'missing or unknown client id');
    if (form.client_secret !== this.options.clientSecret) return fail('BAD_CLIENT_SECRET', 'missing or invalid client secret');
    if (form.grant_type === 'authorization_code') {
      const grant = form.code ? this.codes.get(form.code) : undefined;
      if (!grant) return fail('BAD_AUTH_CODE', 'missing or unknown auth code');
      if (grant.redirectUri !== form.redirect_uri) return fail('BAD_REDIRECT_URI', 'redirect_uri does not match the one used to authorize');
      this.codes.delete(form.code);
      const refreshToken = token('refresh');
      const scopes = grant.scopes.length ? grant.scopes : this.options.scopes;
      this.refreshTokens.set(refreshToken, scopes);
      return this.issue(refreshToken, scopes);
    }
    if (form.grant_type === 'refresh_token') {
      const scopes = form.refresh_token ? this.refreshTokens.get(form.refresh_token) : undefined;
      if (this.revoked || !scopes) return fail('BAD_REFRESH_TOKEN', 'missing or invalid refresh token');
      return this.issue(form.refresh_token, scopes);
    }
    return fail('BAD_GRANT_TYPE', `unsupported grant_type ${JSON.stringify(form.grant_type ?? '')}`);
  }

  /** `GET /oauth/v1/access-tokens/{token}`: what a token is for. */
  describe(accessToken: string): OAuthAnswer {
    const issued = this.accessTokens.get(accessToken);
    if (!issued || issued.expiresAt <= this.now()) return { status: 404, body: { status: 'error', message: 'Token not found or expired', category: 'OBJECT_NOT_FOUND' } };
    return {
      status: 200,
      body: {
        token: accessToken,
        user: 'sim.user@example.com',
        hub_domain: 'simulated.hubspot.com',
        scopes: issued.scopes,
        hub_id: this.options.portalId,
        app_id: 1000001,
        expires_in: Math.max(0, Math.floor((issued.expiresAt - this.now()) / 1000)),
        user_id: 1,
        token_type: 'access',
      },
    };
  }

  /** Checks a bearer token; a string is the 401 body's message and category. */
  check(authorization: string | undefined): { ok: true; token: string } | { ok: false; message: string; category: string } {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    const issued = match ? this.accessTokens.get(match[1]) : undefined;
    if (!match || !issued) {
      return {
        ok: false,
        category: 'INVALID_AUTHENTICATION',
        message: 'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
      };
    }
    const late = this.now() - issued.expiresAt;
    if (late >= 0) return { ok: false, category: 'EXPIRED_AUTHENTICATION', message: `The OAuth token used to make this call expired ${Math.floor(late / 1000)} second(s) ago.` };
    return { ok: true, token: match[1] };
  }

  /** Every access token issued or configured so far is expired from now on. */
  expireAccessTokens(): void {
    for (const issued of this.accessTokens.values()) issued.expiresAt = Math.min(issued.expiresAt, this.now());
  }

  /** Refresh grants answer 400 BAD_REFRESH_TOKEN until {@link reset}. */
  revokeRefreshTokens(): void {
    this.revoked = true;
  }

  reset(): void {
    this.codes.clear();
    this.accessTokens.clear();
    this.refreshTokens.clear();
    this.revoked = false;
    for (const t of this.options.accessTokens) this.accessTokens.set(t, { expiresAt: Number.POSITIVE_INFINITY, scopes: this.options.scopes });
    for (const t of this.options.refreshTokens) this.refreshTokens.set(t, this.options.scopes);
  }

  private issue(refreshToken: string, scopes: string[]): OAuthAnswer {
    const accessToken = token('access');
    this.accessTokens.set(accessToken, { expiresAt: this.now() + this.options.tokenLifetimeSeconds * 1000, scopes });
    return {
      status: 200,
      body: {
        token_type: 'bearer',
        refresh_token: refreshToken,
        access_token: accessToken,
        expires_in: this.options.tokenLifetimeSeconds,
        token_use: 'access_token',
        hub_id: this.options.portalId,
        scopes,
        user_id: 1,
      },
    };
  }
}

function fail(status: string, message: string): OAuthAnswer {
  return { status: 400, body: { status, message } };
}
