import { ConfigKey } from '../config';

/** HTTP Basic: the two values come from instance configuration. */
export interface BasicAuth {
  kind: 'basic';
  usernameKey: string;
  passwordKey: string;
  passwordOptional: boolean;
  configuration: ConfigKey[];
}

/** An API key sent in a header (optionally with a prefix) or a query parameter. */
export interface ApiKeyAuth {
  kind: 'apiKey';
  configKey: string;
  in: 'header' | 'query';
  name: string;
  prefix?: string;
  configuration: ConfigKey[];
}

/** Placeholders like `{siteAddress}` are filled from the authorize request and the instance configuration. */
export type UrlTemplate = string;

/** OAuth 2.0 authorization-code flow with refresh tokens; exchange and refresh are done by core. */
export interface OAuth2Auth {
  kind: 'oauth2';
  authorizeUrl: UrlTemplate;
  tokenUrl: UrlTemplate;
  revokeUrl?: UrlTemplate;
  scopes: string[];
  scopeSeparator: string;
  /** Where the client id and secret go on the token request. */
  clientAuth: 'body' | 'basic';
  extraAuthorizeParams: Record<string, string>;
  /** Defaults for URL placeholders, e.g. `{siteAddress: 'https://login.salesforce.com'}`. */
  defaults: Record<string, string>;
  /** The vendor issues a new refresh token on every refresh (Box, Close): persist it each time. */
  rotatesRefreshToken: boolean;
  /** Copies values from the token response into configuration (Salesforce `instance_url`). */
  fromTokenResponse?: (body: Record<string, unknown>) => Record<string, string>;
  configuration: ConfigKey[];
}

export type AuthDefinition = BasicAuth | ApiKeyAuth | OAuth2Auth;

/** Configuration keys holding OAuth state, written by Junction. */
export const OAUTH_KEYS = {
  clientId: 'oauth.api.key',
  clientSecret: 'oauth.api.secret',
  callbackUrl: 'oauth.callback.url',
  scope: 'oauth.scope',
  accessToken: 'oauth.user.token',
  refreshToken: 'oauth.user.refresh_token',
  expiresAt: 'oauth.user.token.expires_at',
} as const;

/**
 * HTTP Basic auth.
 * @example basic({ usernameKey: 'username', passwordKey: 'password', passwordOptional: true })
 */
export function basic(options: {
  usernameKey?: string;
  passwordKey?: string;
  passwordOptional?: boolean;
  usernameLabel?: string;
  passwordLabel?: string;
} = {}): BasicAuth {
  const usernameKey = options.usernameKey ?? 'username';
  const passwordKey = options.passwordKey ?? 'password';
  const passwordOptional = options.passwordOptional ?? false;
  return {
    kind: 'basic',
    usernameKey,
    passwordKey,
    passwordOptional,
    configuration: [
      { key: usernameKey, name: options.usernameLabel ?? 'Username', type: 'TEXTFIELD_1000', required: true },
      { key: passwordKey, name: options.passwordLabel ?? 'Password', type: 'PASSWORD', required: !passwordOptional, secret: true },
    ],
  };
}

/**
 * An API key in a header or query parameter.
 * @example apiKey({ configKey: 'api.key', in: 'header', name: 'Authorization', prefix: 'Bearer ' })
 */
export function apiKey(options: { configKey: string; in: 'header' | 'query'; name: string; prefix?: string; label?: string }): ApiKeyAuth {
  return {
    kind: 'apiKey',
    configKey: options.configKey,
    in: options.in,
    name: options.name,
    prefix: options.prefix,
    configuration: [{ key: options.configKey, name: options.label ?? 'API key', type: 'PASSWORD', required: true, secret: true }],
  };
}

/**
 * OAuth 2.0 (authorization code). Token exchange, refresh ahead of expiry (single-flight per
 * instance) and retry-once-on-401 are done by core for every element that declares this.
 */
export function oauth2(options: {
  authorizeUrl: UrlTemplate;
  tokenUrl: UrlTemplate;
  revokeUrl?: UrlTemplate;
  scopes?: string[];
  scopeSeparator?: string;
  clientAuth?: 'body' | 'basic';
  extraAuthorizeParams?: Record<string, string>;
  defaults?: Record<string, string>;
  rotatesRefreshToken?: boolean;
  fromTokenResponse?: (body: Record<string, unknown>) => Record<string, string>;
  configuration?: ConfigKey[];
}): OAuth2Auth {
  return {
    kind: 'oauth2',
    authorizeUrl: options.authorizeUrl,
    tokenUrl: options.tokenUrl,
    revokeUrl: options.revokeUrl,
    scopes: options.scopes ?? [],
    scopeSeparator: options.scopeSeparator ?? ' ',
    clientAuth: options.clientAuth ?? 'body',
    extraAuthorizeParams: options.extraAuthorizeParams ?? {},
    defaults: options.defaults ?? {},
    rotatesRefreshToken: options.rotatesRefreshToken ?? false,
    fromTokenResponse: options.fromTokenResponse,
    configuration: [
      { key: OAUTH_KEYS.clientId, name: 'OAuth client id', type: 'PASSWORD', required: true, secret: true },
      { key: OAUTH_KEYS.clientSecret, name: 'OAuth client secret', type: 'PASSWORD', required: true, secret: true },
      { key: OAUTH_KEYS.callbackUrl, name: 'OAuth callback URL', type: 'TEXTFIELD_1000' },
      { key: OAUTH_KEYS.scope, name: 'OAuth scope', type: 'TEXTFIELD_1000' },
      { key: OAUTH_KEYS.accessToken, name: 'Access token', secret: true, internal: true },
      { key: OAUTH_KEYS.refreshToken, name: 'Refresh token', secret: true },
      { key: OAUTH_KEYS.expiresAt, name: 'Access token expiry', internal: true },
      ...(options.configuration ?? []),
    ],
  };
}
