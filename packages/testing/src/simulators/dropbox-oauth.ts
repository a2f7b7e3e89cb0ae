/**
 * OAuth 2.0 of the Dropbox simulator: the authorize redirect (www.dropbox.com, approved at once
 * instead of showing a consent page), the token endpoint (authorization_code and refresh_token
 * grants; refresh tokens do not rotate) and bearer-token checks with Dropbox's 401 bodies.
 * https://developers.dropbox.com/oauth-guide
 */
import { randomBytes } from 'node:crypto';

/** The simulated app and the account that approves it. */
export interface DropboxOAuthOptions {
  clientId: string;
  clientSecret: string;
  /** Tokens valid from the start, with every scope. */
  accessTokens: string[];
  tokenLifetimeSeconds: number;
  accountId: string;
  /** The legacy numeric user id, answered as `uid`. */
  uid: number;
  /** Scopes granted when the authorize request names none (the app's scopes). */
  scopes: string[];
}

/** A status and JSON body to answer. */
export interface OAuthAnswer {
  status: number;
  body: Record<string, unknown>;
}

interface Grant {
  scopes: string[];
  expiresAt: number;
}

const token = (prefix: string) => `${prefix}.${randomBytes(24).toString('base64url')}`;

/** OAuth state of one simulated app installed by one account. */
export class DropboxOAuth {
  private readonly codes = new Map<string, { redirectUri: string; scopes: string[]; offline: boolean }>();
  private readonly accessTokens = new Map<string, Grant>();
  private readonly refreshTokens = new Map<string, string[]>();

  constructor(
    private readonly options: DropboxOAuthOptions,
    private readonly now: () => number,
  ) {
    for (const t of options.accessTokens) this.accessTokens.set(t, { scopes: options.scopes, expiresAt: Number.POSITIVE_INFINITY });
  }

  /** `GET /oauth2/authorize`: where the browser goes next, or why not. */
  authorize(query: URLSearchParams): { location: string } | { error: string } {
    if (query.get('client_id') !== this.options.clientId) return { error: 'Invalid client_id' };
    if (query.get('response_type') !== 'code') return { error: 'Invalid response_type: only "code" is supported here' };
    const redirectUri = query.get('redirect_uri');
    let target: URL;
    try {
      target = new URL(redirectUri ?? '');
    } catch {
      return { error: 'Invalid redirect_uri' };
    }
    const code = token('code');
    const scopes = (query.get('scope') ?? '').split(' ').filter(Boolean);
    this.codes.set(code, { redirectUri: redirectUri!, scopes: scopes.length ? scopes : this.options.scopes, offline: query.get('token_access_type') === 'offline' });
    target.searchParams.set('code', code);
    const state = query.get('state');
    if (state !== null) target.searchParams.set('state', state);
    return { location: target.toString() };
  }

  /** `POST /oauth2/token` (form body; client credentials in the body or as HTTP Basic). */
  exchange(form: Record<string, string>, authorization: string | undefined): OAuthAnswer {
    const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
    const [id, secret] = basic ? Buffer.from(basic[1], 'base64').toString('utf8').split(':') : [form.client_id, form.client_secret];
    if (id !== this.options.clientId || secret !== this.options.clientSecret) return fail('invalid_client', 'Invalid client_id or client_secret');
    if (form.grant_type === 'authorization_code') {
      const grant = form.code ? this.codes.get(form.code) : undefined;
      if (!grant) return fail('invalid_grant', "code doesn't exist or has expired");
      if (grant.redirectUri !== form.redirect_uri) return fail('invalid_grant', 'redirect_uri mismatch');
      this.codes.delete(form.code);
      const refreshToken = grant.offline ? token('refresh') : undefined;
      if (refreshToken) this.refreshTokens.set(refreshToken, grant.scopes);
      return { status: 200, body: { ...this.issue(grant.scopes), ...(refreshToken ? { refresh_token: refreshToken } : {}), uid: String(this.options.uid), account_id: this.options.accountId } };
    }
    if (form.grant_type === 'refresh_token') {
      const scopes = form.refresh_token ? this.refreshTokens.get(form.refresh_token) : undefined;
      if (!scopes) return fail('invalid_grant', 'refresh token is malformed');
      return { status: 200, body: this.issue(scopes) };
    }
    return fail('unsupported_grant_type', `grant_type ${JSON.stringify(form.grant_type ?? '')} is not supported`);
  }

  /** The scopes of a valid bearer token, or the auth error Dropbox answers with 401. */
  check(authorization: string | undefined): { scopes: string[] } | { error: 'invalid_access_token' | 'expired_access_token' } {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    const grant = match ? this.accessTokens.get(match[1]) : undefined;
    if (!grant) return { error: 'invalid_access_token' };
    if (grant.expiresAt <= this.now()) return { error: 'expired_access_token' };
    return { scopes: grant.scopes };
  }

  /** Every access token issued so far expires now (refresh tokens keep working). */
  expireAccessTokens(): void {
    for (const grant of this.accessTokens.values()) grant.expiresAt = Math.min(grant.expiresAt, this.now());
  }

  private issue(scopes: string[]): Record<string, unknown> {
    const accessToken = token('sl');
    this.accessTokens.set(accessToken, { scopes, expiresAt: this.now() + this.options.tokenLifetimeSeconds * 1000 });
    return { access_token: accessToken, token_type: 'bearer', expires_in: this.options.tokenLifetimeSeconds, scope: scopes.join(' ') };
  }
}

function fail(error: string, description: string): OAuthAnswer {
  return { status: 400, body: { error, error_description: description } };
}
