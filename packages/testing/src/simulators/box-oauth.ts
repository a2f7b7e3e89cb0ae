/**
 * OAuth 2.0 of the Box simulator: the authorize redirect (account.box.com), the token endpoint with
 * single-use refresh tokens (each refresh returns a new one and kills the old), revocation, and
 * bearer checks with Box's bodiless 401.
 * https://developer.box.com/guides/authentication/oauth2/ and https://developer.box.com/guides/authentication/tokens/refresh/
 */
import { randomBytes } from 'node:crypto';

export interface BoxOAuthOptions {
  clientId: string;
  clientSecret: string;
  /** Access tokens valid without an exchange (until {@link BoxOAuth.expireAccessTokens}). */
  accessTokens: string[];
  /** Refresh tokens accepted once without an exchange. */
  refreshTokens: string[];
  /** `expires_in` of issued access tokens. */
  tokenLifetimeSeconds: number;
}

/** A token-endpoint answer. */
export interface BoxOAuthAnswer {
  status: number;
  body: Record<string, unknown>;
}

const token = () => randomBytes(24).toString('base64url');

/** Box's 401 for a missing, expired or revoked bearer token: no body, the reason in the challenge. */
export const INVALID_TOKEN_CHALLENGE = 'Bearer realm="Service", error="invalid_token", error_description="The access token provided is invalid."';

export class BoxOAuth {
  private readonly codes = new Map<string, string>();
  private readonly accessTokens = new Map<string, number>();
  private readonly refreshTokens = new Set<string>();

  constructor(
    private readonly options: BoxOAuthOptions,
    private readonly now: () => number,
  ) {
    this.reset();
  }

  /** `GET /api/oauth2/authorize`: where the browser goes back to once the user granted access. */
  authorize(query: Record<string, string | undefined>): { location: string } | { error: string } {
    if (query.response_type !== 'code') return { error: 'unsupported_response_type' };
    if (query.client_id !== this.options.clientId) return { error: 'invalid_client' };
    if (!query.redirect_uri) return { error: 'invalid_request' };
    let target: URL;
    try {
      target = new URL(query.redirect_uri);
    } catch {
      return { error: 'invalid_request' };
    }
    const code = token();
    this.codes.set(code, query.redirect_uri);
    target.searchParams.set('code', code);
    if (query.state !== undefined) target.searchParams.set('state', query.state);
    return { location: target.toString() };
  }

  /** `POST /oauth2/token` (form). https://developer.box.com/reference/post-oauth2-token/ */
  token(form: Record<string, string>): BoxOAuthAnswer {
    if (form.client_id !== this.options.clientId || form.client_secret !== this.options.clientSecret) {
      return fail('invalid_client', 'The client credentials are invalid');
    }
    if (form.grant_type === 'authorization_code') {
      const redirect = form.code ? this.codes.get(form.code) : undefined;
      if (redirect === undefined) return fail('invalid_grant', 'Auth code doesn\'t exist or is invalid for the client');
      if (form.redirect_uri !== undefined && form.redirect_uri !== redirect) return fail('invalid_grant', 'Invalid redirect_uri');
      this.codes.delete(form.code);
      return this.issue();
    }
    if (form.grant_type === 'refresh_token') {
      // Single use: the old refresh token dies with this call.
      if (!form.refresh_token || !this.refreshTokens.delete(form.refresh_token)) return fail('invalid_grant', 'Invalid refresh token');
      return this.issue();
    }
    return fail('unsupported_grant_type', 'Grant type is not supported');
  }

  /** `POST /oauth2/revoke`: the token (access or refresh) stops working. */
  revoke(form: Record<string, string>): BoxOAuthAnswer {
    if (form.client_id !== this.options.clientId || form.client_secret !== this.options.clientSecret) {
      return fail('invalid_client', 'The client credentials are invalid');
    }
    if (form.token) {
      this.accessTokens.delete(form.token);
      this.refreshTokens.delete(form.token);
    }
    return { status: 200, body: {} };
  }

  /** Whether an `Authorization` header carries a live access token. */
  check(authorization: string | undefined): boolean {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    const expiresAt = match ? this.accessTokens.get(match[1]) : undefined;
    return expiresAt !== undefined && expiresAt > this.now();
  }

  /** Every access token issued or configured so far is expired from now on. */
  expireAccessTokens(): void {
    for (const key of this.accessTokens.keys()) this.accessTokens.set(key, this.now());
  }

  reset(): void {
    this.codes.clear();
    this.accessTokens.clear();
    this.refreshTokens.clear();
    for (const t of this.options.accessTokens) this.accessTokens.set(t, Number.POSITIVE_INFINITY);
    for (const t of this.options.refreshTokens) this.refreshTokens.add(t);
  }

  private issue(): BoxOAuthAnswer {
    const accessToken = token();
    const refreshToken = token();
    this.accessTokens.set(accessToken, this.now() + this.options.tokenLifetimeSeconds * 1000);
    this.refreshTokens.add(refreshToken);
    return {
      status: 200,
      body: {
        access_token: accessToken,
        expires_in: this.options.tokenLifetimeSeconds,
        restricted_to: [],
        refresh_token: refreshToken,
        token_type: 'bearer',
      },
    };
  }
}

function fail(error: string, description: string): BoxOAuthAnswer {
  return { status: 400, body: { error, error_description: description } };
}
