import { api, authHeader, type Secrets } from '@junction/testing';

const CALLBACK = 'https://app.example.com/oauth/callback';

/**
 * Provisions one instance of each ServiceNow element against the simulated `acme` instance (user
 * `svc.junction`): Basic (`servicenow`), and OAuth 2.0 (`servicenowoauth`) through `/oauth/url`,
 * the simulator's consent and the code exchange. Returns their tokens and creation answers.
 */
export async function provisionServiceNow(apiUrl: string, owner: Secrets): Promise<{ tokens: Record<string, string>; basic: any; oauthUrl: string }> {
  const basic = await api(apiUrl, 'POST', '/instances', {
    auth: authHeader(owner),
    json: { name: 'snow basic', element: { key: 'servicenow' }, configuration: { username: 'svc.junction', password: 'correct-password', 'servicenow.subdomain': 'acme' } },
  });
  if (basic.status !== 200) throw new Error(`servicenow instance: ${basic.status} ${basic.text}`);

  const query = new URLSearchParams({ apiKey: 'junction', apiSecret: 'junction-secret', callbackUrl: CALLBACK, subdomain: 'acme', state: 'snow' });
  const url = await api(apiUrl, 'GET', `/elements/servicenowoauth/oauth/url?${query}`, { auth: authHeader(owner) });
  const consent = await fetch(url.body.oauthUrl, { redirect: 'manual' });
  const code = new URL(consent.headers.get('location')!).searchParams.get('code');
  const oauth = await api(apiUrl, 'POST', '/instances', {
    auth: authHeader(owner),
    json: {
      name: 'snow oauth',
      element: { key: 'servicenowoauth' },
      providerData: { code },
      configuration: { 'oauth.api.key': 'junction', 'oauth.api.secret': 'junction-secret', 'oauth.callback.url': CALLBACK, 'servicenow.subdomain': 'acme' },
    },
  });
  if (oauth.status !== 200) throw new Error(`servicenowoauth instance: ${oauth.status} ${oauth.text}`);
  return { tokens: { servicenow: basic.body.token, servicenowoauth: oauth.body.token }, basic: basic.body, oauthUrl: url.body.oauthUrl };
}
