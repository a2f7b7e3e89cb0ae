/**
 * A ServiceNow instance's OAuth 2.0 server as the simulator plays it: `/oauth_auth.do` approves at
 * once and redirects with a code, `/oauth_token.do` takes the `authorization_code` and
 * `refresh_token` grants (client credentials in the form or as HTTP Basic). Refused requests get
 * the body instances answer, `{"error_description":"access_denied","error":"server_error"}`.
 * https://www.servicenow.com/docs/r/platform-security/authentication/c_OAuthAuthorizationCodeFlow.html
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface ServiceNowOAuthOptions {
  clients: { clientId: string; clientSecret: string }[];
  /** The user who approves every authorization request. */
  user: string;
  accessTokenTtlSeconds: number;
  now: () => number;
}

const JSON_TYPE = 'application/json;charset=UTF-8';
/** Authorization codes are single-use and short-lived. */
const CODE_TTL_MS = 60_000;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export class ServiceNowOAuth {
  private readonly codes = new Map<string, { clientId: string; redirectUri: string; expiresAt: number }>();
  private readonly accessTokens = new Map<string, { user: string; expiresAt: number }>();
  private readonly refreshTokens = new Map<string, { clientId: string; user: string }>();

  constructor(private readonly options: ServiceNowOAuthOptions) {}

  /** The user an access token acts for, while it is valid. */
  userFor(accessToken: string): string | undefined {
    const known = this.accessTokens.get(accessToken);
    return known && known.expiresAt > this.options.now() ? known.user : undefined;
  }

  /** `GET /oauth_auth.do?response_type=code&client_id&redirect_uri[&state]`. */
  authorize(search: URLSearchParams, res: ServerResponse): void {
    const clientId = search.get('client_id') ?? '';
    const redirectUri = search.get('redirect_uri');
    if (search.get('response_type') !== 'code' || !this.client(clientId) || !redirectUri) {
      res.writeHead(400, { 'content-type': 'text/html;charset=UTF-8' });
      res.end('<html><body>OAuth client_id, redirect_uri or response_type is not valid</body></html>');
      return;
    }
    const code = randomBytes(24).toString('base64url');
    this.codes.set(code, { clientId, redirectUri, expiresAt: this.options.now() + CODE_TTL_MS });
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    const state = search.get('state');
    if (state !== null) target.searchParams.set('state', state);
    res.writeHead(302, { location: target.toString() });
    res.end();
  }

  /** `POST /oauth_token.do` with a form body. */
  token(req: IncomingMessage, form: Record<string, string>, res: ServerResponse): void {
    const [basicId, basicSecret] = this.basicCredentials(req);
    const clientId = form.client_id ?? basicId;
    const client = this.client(clientId ?? '');
    const denied = () => sendJson(res, 401, { error_description: 'access_denied', error: 'server_error' });
    if (!client || client.clientSecret !== (form.client_secret ?? basicSecret)) return denied();
    let grant: { user: string; refreshToken: string } | undefined;
    if (form.grant_type === 'authorization_code') grant = this.redeemCode(client.clientId, form);
    else if (form.grant_type === 'refresh_token') grant = this.redeemRefreshToken(client.clientId, form.refresh_token);
    else return sendJson(res, 400, { error_description: 'access_denied', error: 'unsupported_grant_type' });
    if (!grant) return denied();
    const ttl = this.options.accessTokenTtlSeconds;
    const accessToken = randomBytes(32).toString('base64url');
    this.accessTokens.set(accessToken, { user: grant.user, expiresAt: this.options.now() + ttl * 1000 });
    sendJson(res, 200, { access_token: accessToken, refresh_token: grant.refreshToken, scope: 'useraccount', token_type: 'Bearer', expires_in: ttl });
  }

  private redeemCode(clientId: string, form: Record<string, string>): { user: string; refreshToken: string } | undefined {
    const code = this.codes.get(form.code ?? '');
    this.codes.delete(form.code ?? '');
    if (!code || code.clientId !== clientId || code.expiresAt <= this.options.now()) return undefined;
    if (form.redirect_uri !== undefined && form.redirect_uri !== code.redirectUri) return undefined;
    const refreshToken = randomBytes(32).toString('base64url');
    this.refreshTokens.set(refreshToken, { clientId, user: this.options.user });
    return { user: this.options.user, refreshToken };
  }

  private redeemRefreshToken(clientId: string, refreshToken: string | undefined): { user: string; refreshToken: string } | undefined {
    const known = refreshToken === undefined ? undefined : this.refreshTokens.get(refreshToken);
    return known && known.clientId === clientId ? { user: known.user, refreshToken: refreshToken! } : undefined;
  }

  private basicCredentials(req: IncomingMessage): [string | undefined, string | undefined] {
    const header = req.headers.authorization ?? '';
    if (!/^basic /i.test(header)) return [undefined, undefined];
    const [id = '', secret = ''] = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8').split(':');
    return [decodeURIComponent(id), decodeURIComponent(secret)];
  }

  private client(clientId: string): { clientId: string; clientSecret: string } | undefined {
    return this.options.clients.find((c) => c.clientId === clientId);
  }
}
