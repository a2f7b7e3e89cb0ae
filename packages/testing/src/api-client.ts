/** A thin fetch wrapper for end-to-end tests: JSON in, status + headers + parsed body out. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON bodies
export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface Secrets {
  userSecret: string;
  organizationSecret: string;
}

export function authHeader(secrets: Secrets, elementToken?: string): string {
  return `User ${secrets.userSecret}, Organization ${secrets.organizationSecret}${elementToken ? `, Element ${elementToken}` : ''}`;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON bodies
export async function api<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  options: { auth?: string; json?: unknown; body?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.auth) headers.authorization = options.auth;
  let body = options.body;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: parsed as T, text };
}

let counter = 0;
/** Signs up a fresh organization and returns its secrets. */
export async function signup(apiUrl: string, company = 'Acme'): Promise<Secrets & { organizationId: number }> {
  counter++;
  const response = await api(apiUrl, 'POST', '/signup', {
    json: { email: `owner-${Date.now()}-${counter}@example.com`, password: 'correct-horse-battery', firstName: 'Ada', lastName: 'Lovelace', company },
  });
  if (response.status !== 200) throw new Error(`signup failed: ${response.status} ${response.text}`);
  return { userSecret: response.body.userSecret, organizationSecret: response.body.organizationSecret, organizationId: response.body.organization.id };
}
