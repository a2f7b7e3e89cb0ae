import { OAUTH_KEYS, type AuthDefinition } from './kinds';
import type { TokenRefresher } from './token-refresher';

/** Puts an instance's credentials on a vendor request. */
export interface Credentials {
  /** Adds auth to the request; returns the access token used, if any (so a 401 can tell whether it is stale). */
  apply(headers: Record<string, string>, searchParams: URLSearchParams): Promise<string | undefined>;
  /** After a 401: refresh once if the kind allows it; true when a retry is worth it. */
  refresh?(usedToken: string | undefined): Promise<boolean>;
}

/** Credentials for an instance, from its auth kind and decrypted configuration. */
export function credentialsFor(
  auth: AuthDefinition,
  config: Readonly<Record<string, string | undefined>>,
  oauth?: { refresher: TokenRefresher; instanceId: number },
): Credentials {
  switch (auth.kind) {
    case 'basic': {
      const header = `Basic ${Buffer.from(`${config[auth.usernameKey] ?? ''}:${config[auth.passwordKey] ?? ''}`).toString('base64')}`;
      return {
        apply: async (headers) => {
          headers.authorization = header;
          return undefined;
        },
      };
    }
    case 'apiKey':
      return {
        apply: async (headers, searchParams) => {
          const value = `${auth.prefix ?? ''}${config[auth.configKey] ?? ''}`;
          if (auth.in === 'header') headers[auth.name.toLowerCase()] = value;
          else searchParams.set(auth.name, value);
          return undefined;
        },
      };
    case 'oauth2': {
      if (!oauth) {
        const token = config[OAUTH_KEYS.accessToken];
        return {
          apply: async (headers) => {
            if (token) headers.authorization = `Bearer ${token}`;
            return token;
          },
        };
      }
      const { refresher, instanceId } = oauth;
      return {
        apply: async (headers) => {
          const token = await refresher.accessToken(instanceId, auth, config);
          headers.authorization = `Bearer ${token}`;
          return token;
        },
        refresh: async (usedToken) => {
          await refresher.refreshAfterRejection(instanceId, auth, config, usedToken);
          return true;
        },
      };
    }
  }
}
