/**
 * The login host of the Salesforce simulator: the OAuth 2.0 web server flow (authorize, token with
 * the authorization_code and refresh_token grants, revoke). Consent is automatic: authorize
 * redirects straight back with a code. Like Salesforce, token responses carry `instance_url`,
 * `id`, `issued_at` and `signature` but no `expires_in`; an access token stays valid until it is
 * revoked or {@link SalesforceOAuth.expireAccessTokens} is called.
 * https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm
 */
import { createHmac } from 'node:crypto';

/** A connected app's consumer key and secret. */
export interface SalesforceClient {
  clientId: string;
  clientSecret: string;
}

/** An OAuth error: `{error, error_description}` with its status. */
export class OAuthFault extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(`${error}: ${description}`);
    this.name = 'OAuthFault';
  }

  get body(): { error: string; error_description: string } {
    return { error: this.error, error_description: this.description };
  }
}

const KNOWN_SCOPES = new Set(['api', 'refresh_token', 'offline_access', 'full', 'id', 'profile', 'email', 'openid', 'web']);

/** Codes, tokens and connected apps of one simulated org. */
export class SalesforceOAuth {
  private readonly codes = new Map<string, { clientId: string; redirectUri: string; scope: string }>();
  private readonly accessTokens = new Map<string, { refreshToken?: string }>();
  private readonly refreshTokens = new Map<string, { clientId: string; scope: string }>();
  private counter = 0;

  constructor(
    private readonly clients: SalesforceClient[],
    private readonly fixedAccessTokens: string[],
    private readonly identity: { orgId: string; userId: string },
    private readonly now: () => number,
  ) {
    for (const token of fixedAccessTokens) this.accessTokens.set(token, {});
  }

  /** Whether a bearer token is currently accepted by the REST API. */
  isValid(accessToken: string): boolean {
    return this.accessTokens.has(accessToken);
  }

  /** Every access token stops working (the next REST call answers 401 INVALID_SESSION_ID). */
  expireAccessTokens(): void {
    this.accessTokens.clear();
  }

  /** Every refresh token is refused from now on (`invalid_grant`). */
  revokeRefreshTokens(): void {
    this.refreshTokens.clear();
  }

  /** Forgets everything issued and accepts the fixed access tokens again. */
  reset(): void {
    this.codes.clear();
    this.refreshTokens.clear();
    this.accessTokens.clear();
    for (const token of this.fixedAccessTokens) this.accessTokens.set(token, {});
    this.counter = 0;
  }

  /** The redirect for `GET /services/oauth2/authorize`; a fault when the request is unusable. */
  authorize(query: Record<string, string | undefined>): string {
    const client = this.clients.find((c) => c.clientId === query.client_id);
    if (!client) throw new OAuthFault(400, 'invalid_client_id', 'client identifier invalid');
    if (!query.redirect_uri) throw new OAuthFault(400, 'redirect_uri_mismatch', 'redirect_uri must match configuration');
    const target = new URL(query.redirect_uri);
    if (query.state !== undefined) target.searchParams.set('state', query.state);
    const scope = query.scope?.trim() || 'api refresh_token';
    if (query.response_type !== 'code') {
      target.searchParams.set('error', 'unsupported_response_type');
      target.searchParams.set('error_description', 'response type not supported');
    } else if (scope.split(/\s+/).some((s) => !KNOWN_SCOPES.has(s))) {
      target.searchParams.set('error', 'invalid_scope');
      target.searchParams.set('error_description', 'the requested scope is not allowed');
    } else {
      const code = `aPrxSim${String(++this.counter).padStart(8, '0')}`;
      this.codes.set(code, { clientId: client.clientId, redirectUri: query.redirect_uri, scope });
      target.searchParams.set('code', code);
    }
    return target.toString();
  }

  /** The body of `POST /services/oauth2/token` for both grants. */
  token(form: Record<string, string>, basicAuth: string | undefined, instanceUrl: string): Record<string, string> {
    const credentials = basicAuth ? Buffer.from(basicAuth, 'base64').toString('utf8').split(':').map(decodeURIComponent) : [form.client_id, form.client_secret];
    const client = this.clients.find((c) => c.clientId === credentials[0]);
    if (!client) throw new OAuthFault(400, 'invalid_client_id', 'client identifier invalid');
    if (client.clientSecret !== credentials[1]) throw new OAuthFault(400, 'invalid_client', 'invalid client credentials');
    if (form.grant_type === 'authorization_code') {
      const code = this.codes.get(form.code ?? '');
      if (!code || code.clientId !== client.clientId) throw new OAuthFault(400, 'invalid_grant', 'authentication failure');
      if (form.redirect_uri !== code.redirectUri) throw new OAuthFault(400, 'redirect_uri_mismatch', 'redirect_uri must match configuration');
      this.codes.delete(form.code);
      // A refresh token is issued only when the refresh_token (or offline_access) scope was granted.
      const offline = /\b(refresh_token|offline_access|full)\b/.test(code.scope);
      const refreshToken = offline ? `5Aep861Sim.refresh.${++this.counter}` : undefined;
      if (refreshToken) this.refreshTokens.set(refreshToken, { clientId: client.clientId, scope: code.scope });
      return { ...this.issue(client, code.scope, instanceUrl, refreshToken), ...(refreshToken ? { refresh_token: refreshToken } : {}) };
    }
    if (form.grant_type === 'refresh_token') {
      const grant = this.refreshTokens.get(form.refresh_token ?? '');
      if (!grant || grant.clientId !== client.clientId) throw new OAuthFault(400, 'invalid_grant', 'expired access/refresh token');
      return this.issue(client, grant.scope, instanceUrl, form.refresh_token);
    }
    throw new OAuthFault(400, 'unsupported_grant_type', 'grant type not supported');
  }

  /** `POST /services/oauth2/revoke`: a refresh token takes its access tokens with it. */
  revoke(token: string): void {
    if (this.refreshTokens.delete(token)) {
      for (const [access, grant] of this.accessTokens) if (grant.refreshToken === token) this.accessTokens.delete(access);
      return;
    }
    if (!this.accessTokens.delete(token)) throw new OAuthFault(400, 'unsupported_token_type', 'this token type is not supported');
  }

  private issue(client: SalesforceClient, scope: string, instanceUrl: string, refreshToken: string | undefined): Record<string, string> {
    const accessToken = `${this.identity.orgId.slice(0, 15)}!Sim.access.${++this.counter}`;
    this.accessTokens.set(accessToken, { refreshToken });
    const id = `${instanceUrl}/id/${this.identity.orgId}/${this.identity.userId}`;
    const issuedAt = String(this.now());
    // Salesforce signs `id + issued_at` with the consumer secret so the client can check the response.
    const signature = createHmac('sha256', client.clientSecret).update(id + issuedAt).digest('base64');
    return { access_token: accessToken, signature, scope, instance_url: instanceUrl, id, token_type: 'Bearer', issued_at: issuedAt };
  }
}
