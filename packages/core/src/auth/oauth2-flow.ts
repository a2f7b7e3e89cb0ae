import got from 'got';
import { BadRequestError, JunctionError, UnauthorizedError } from '../errors';
import type { HostMap } from '../http/host-map';
import { fillTemplate } from '../http/template';
import { OAUTH_KEYS, type OAuth2Auth } from './kinds';

/** Tokens as Junction stores them: configuration keys → values, ready to merge into an instance. */
export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  /** Epoch milliseconds, when the vendor said. */
  expiresAt?: number;
  /** Values taken from the token response by the element (e.g. Salesforce `instance_url`). */
  extra: Record<string, string>;
}

export interface AuthorizeParams {
  clientId: string;
  callbackUrl: string;
  scope?: string;
  state?: string;
  /** Placeholder values (siteAddress, servicenow.subdomain …) and any vendor extras. */
  values: Record<string, string | undefined>;
}

/** The vendor's authorize URL an app sends its user to. */
export function authorizeUrl(auth: OAuth2Auth, params: AuthorizeParams, hostMap: HostMap): string {
  const values = { ...auth.defaults, ...stripUndefined(params.values) };
  const url = new URL(hostMap.rewrite(fillTemplate(auth.authorizeUrl, values)));
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', params.clientId);
  url.searchParams.set('redirect_uri', params.callbackUrl);
  const scope = params.scope ?? auth.scopes.join(auth.scopeSeparator);
  if (scope) url.searchParams.set('scope', scope);
  if (params.state) url.searchParams.set('state', params.state);
  for (const [k, v] of Object.entries(auth.extraAuthorizeParams)) url.searchParams.set(k, v);
  return url.toString();
}

interface TokenRequest {
  clientId: string;
  clientSecret: string;
  values: Record<string, string | undefined>;
}

/** Exchanges an authorization code at the vendor's token endpoint. */
export async function exchangeCode(
  auth: OAuth2Auth,
  request: TokenRequest & { code: string; callbackUrl?: string },
  hostMap: HostMap,
): Promise<TokenSet> {
  const form: Record<string, string> = { grant_type: 'authorization_code', code: request.code };
  if (request.callbackUrl) form.redirect_uri = request.callbackUrl;
  return tokenCall(auth, request, form, hostMap, 'exchange');
}

/** Uses a refresh token; a rejected refresh token surfaces as 401 with the vendor's words. */
export async function refreshTokens(
  auth: OAuth2Auth,
  request: TokenRequest & { refreshToken: string },
  hostMap: HostMap,
): Promise<TokenSet> {
  const tokens = await tokenCall(auth, request, { grant_type: 'refresh_token', refresh_token: request.refreshToken }, hostMap, 'refresh');
  return { ...tokens, refreshToken: tokens.refreshToken ?? request.refreshToken };
}

async function tokenCall(
  auth: OAuth2Auth,
  request: TokenRequest,
  form: Record<string, string>,
  hostMap: HostMap,
  purpose: 'exchange' | 'refresh',
): Promise<TokenSet> {
  const values = { ...auth.defaults, ...stripUndefined(request.values) };
  const url = hostMap.rewrite(fillTemplate(auth.tokenUrl, values));
  const headers: Record<string, string> = { accept: 'application/json' };
  if (auth.clientAuth === 'basic') {
    headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(request.clientId)}:${encodeURIComponent(request.clientSecret)}`).toString('base64')}`;
  } else {
    form.client_id = request.clientId;
    form.client_secret = request.clientSecret;
  }
  let response;
  try {
    response = await got.post(url, { form, headers, throwHttpErrors: false, retry: { limit: 1 }, timeout: { request: 30_000 } });
  } catch (error) {
    throw new JunctionError(502, `the token endpoint could not be reached (${(error as { code?: string }).code ?? 'ERROR'})`);
  }
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(response.body) as Record<string, unknown>;
  } catch {
    if (response.statusCode < 400) throw new JunctionError(502, 'the token endpoint answered with a malformed response (expected JSON)');
  }
  if (response.statusCode >= 400 || typeof body.access_token !== 'string') {
    const providerMessage = [body.error, body.error_description ?? body.message].filter((v) => typeof v === 'string').join(': ') || response.body.slice(0, 300);
    if (purpose === 'refresh') {
      const error = new UnauthorizedError('The OAuth refresh token was rejected by the vendor; re-authorize this instance');
      Object.assign(error, { providerMessage });
      throw error;
    }
    if (response.statusCode >= 500) throw new JunctionError(502, 'the vendor token endpoint failed', providerMessage);
    throw new BadRequestError('The OAuth authorization code could not be exchanged for a token', providerMessage);
  }
  const expiresIn = Number(body.expires_in);
  return {
    accessToken: body.access_token,
    refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : undefined,
    expiresAt: Number.isFinite(expiresIn) && expiresIn > 0 ? Date.now() + expiresIn * 1000 : undefined,
    extra: auth.fromTokenResponse?.(body) ?? {},
  };
}

/** The configuration patch that stores a token set on an instance. */
export function tokenConfig(tokens: TokenSet): Record<string, string | null> {
  return {
    [OAUTH_KEYS.accessToken]: tokens.accessToken,
    ...(tokens.refreshToken ? { [OAUTH_KEYS.refreshToken]: tokens.refreshToken } : {}),
    [OAUTH_KEYS.expiresAt]: tokens.expiresAt ? String(tokens.expiresAt) : null,
    ...tokens.extra,
  };
}

function stripUndefined(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
}
