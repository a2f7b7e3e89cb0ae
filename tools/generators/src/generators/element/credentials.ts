import type { AuthKind } from '../../lib/hub-resources';

/** How the scaffold declares, configures and records one auth kind. */
export interface AuthScaffold {
  /** The core function building the auth definition. */
  coreFunction: string;
  /** Lines of `defineElement` for `auth`, a TODO first where the vendor has to be asked. */
  authLines: string[];
  /** Environment variables the record target reads real credentials from. */
  credentialEnv: string[];
  /** Test lines reading those variables. */
  credentialLines: string[];
  /** Truthy in the test when real credentials were given. */
  credentialPresent: string;
  configExpression: string;
  secretsExpression: string;
  /** What the conformance test imports from core besides `HostMap`. */
  coreTestImports: string[];
  provisioning: Record<string, string>;
  authTodo: string;
}

/** The auth-kind-specific parts of an element scaffold. */
export function authScaffold(kind: AuthKind, options: { displayName: string; envPrefix: string; vendorOrigin: string }): AuthScaffold {
  const { displayName, envPrefix, vendorOrigin } = options;
  switch (kind) {
    case 'oauth2':
      return {
        coreFunction: 'oauth2',
        authLines: [
          "// TODO(0.1.0): the vendor's authorize and token URLs and its scopes, from its OAuth guide.",
          `auth: oauth2({ authorizeUrl: '${vendorOrigin}/oauth/authorize', tokenUrl: '${vendorOrigin}/oauth/token', scopes: [] }),`,
        ],
        credentialEnv: [`${envPrefix}_ACCESS_TOKEN`],
        credentialLines: [`const accessToken = process.env.${envPrefix}_ACCESS_TOKEN;`],
        credentialPresent: 'accessToken',
        configExpression: "{ [OAUTH_KEYS.accessToken]: accessToken ?? 'test-access-token' }",
        secretsExpression: 'accessToken ? [accessToken] : []',
        coreTestImports: ['OAUTH_KEYS'],
        provisioning: { 'oauth.api.key': '<client id>', 'oauth.api.secret': '<client secret>', 'oauth.callback.url': '<your callback URL>' },
        authTodo: 'the OAuth authorize and token URLs and scopes',
      };
    case 'basic':
      return {
        coreFunction: 'basic',
        authLines: [`auth: basic({ usernameLabel: '${displayName} username', passwordLabel: '${displayName} password' }),`],
        credentialEnv: [`${envPrefix}_USERNAME`, `${envPrefix}_PASSWORD`],
        credentialLines: [`const username = process.env.${envPrefix}_USERNAME;`, `const password = process.env.${envPrefix}_PASSWORD;`],
        credentialPresent: 'username',
        configExpression: "{ username: username ?? 'test-user', password: password ?? 'test-password' }",
        secretsExpression: '[username, password].filter((secret) => secret !== undefined)',
        coreTestImports: [],
        provisioning: { username: '<username>', password: '<password>' },
        authTodo: 'what the vendor takes as username and password',
      };
    case 'apiKey':
      return {
        coreFunction: 'apiKey',
        authLines: [
          '// TODO(0.1.0): where the vendor expects the key (header name and prefix, or a query parameter).',
          `auth: apiKey({ configKey: 'api.key', in: 'header', name: 'Authorization', prefix: 'Bearer ', label: '${displayName} API key' }),`,
        ],
        credentialEnv: [`${envPrefix}_API_KEY`],
        credentialLines: [`const apiKey = process.env.${envPrefix}_API_KEY;`],
        credentialPresent: 'apiKey',
        configExpression: "{ 'api.key': apiKey ?? 'test-api-key' }",
        secretsExpression: 'apiKey ? [apiKey] : []',
        coreTestImports: [],
        provisioning: { 'api.key': '<API key>' },
        authTodo: 'where the API key goes',
      };
  }
}
