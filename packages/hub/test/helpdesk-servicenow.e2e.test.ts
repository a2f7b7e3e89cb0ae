import { api, authHeader, signup, startHubProcess, startServiceNowSimulator, type HubProcess, type RunningServiceNowSimulator, type Secrets } from '@junction/testing';
import { provisionServiceNow } from './servicenow-support';

/**
 * The helpdesk hub on ServiceNow through the real hub process, once per auth kind: Basic
 * (`servicenow`) and OAuth 2.0 (`servicenowoauth`), against one simulated instance.
 */

describe('helpdesk incidents on ServiceNow', () => {
  let sim: RunningServiceNowSimulator;
  let hub: HubProcess;
  let owner: Secrets;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    sim = await startServiceNowSimulator({ users: { 'svc.junction': 'correct-password' } });
    hub = await startHubProcess({ JUNCTION_VENDOR_HOSTS: `acme.service-now.com=${sim.url}` });
    owner = await signup(hub.apiUrl);

    const provisioned = await provisionServiceNow(hub.apiUrl, owner);
    expect(provisioned.basic.configuration.password).toBe('********');
    expect(provisioned.oauthUrl).toContain('/oauth_auth.do?');
    Object.assign(tokens, provisioned.tokens);
  });

  afterAll(async () => {
    await hub?.stop();
    await sim?.close();
  });

  it('refuses bad credentials and a subdomain that is not a host label', async () => {
    const wrong = await api(hub.apiUrl, 'POST', '/instances', {
      auth: authHeader(owner),
      json: { name: 'bad', element: { key: 'servicenow' }, configuration: { username: 'svc.junction', password: 'nope', 'servicenow.subdomain': 'acme' } },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.providerMessage).toEqual(expect.any(String));
    const injected = await api(hub.apiUrl, 'POST', '/instances', {
      auth: authHeader(owner),
      json: { name: 'bad', element: { key: 'servicenow' }, configuration: { username: 'a', password: 'b', 'servicenow.subdomain': 'evil.example.com/x' } },
    });
    expect(injected.status).toBe(400);
    expect(injected.body.message).toMatch(/servicenow\.subdomain/);
  });

  it.each(['servicenow', 'servicenowoauth'])('%s: incidents CRUD, CEQL and paging', async (key) => {
    const auth = authHeader(owner, tokens[key]);
    const tag = `${key}-${Date.now()}`;
    const created = [];
    for (const n of [1, 2, 3]) {
      const incident = await api(hub.apiUrl, 'POST', '/hubs/helpdesk/incidents', {
        auth,
        json: { subject: `Printer ${n} on fire ${tag}`, description: 'Smoke seen near floor 3', priority: n === 1 ? 'High' : 'Low' },
      });
      expect(incident.status).toBe(200);
      expect(incident.body).toMatchObject({ id: expect.any(String), number: expect.stringMatching(/^INC/), subject: `Printer ${n} on fire ${tag}` });
      created.push(incident.body);
    }
    const patched = await api(hub.apiUrl, 'PATCH', `/hubs/helpdesk/incidents/${created[0].id}`, { auth, json: { status: 'In Progress' } });
    expect(patched.body).toMatchObject({ id: created[0].id, status: 'In Progress' });

    const where = encodeURIComponent(`subject LIKE '%${tag}%' AND priority = 'High'`);
    const high = await api(hub.apiUrl, 'GET', `/hubs/helpdesk/incidents?where=${where}`, { auth });
    expect(high.body.map((i: { id: string }) => i.id)).toEqual([created[0].id]);
    const sent = sim.state.requests.filter((r) => r.path.endsWith('/table/incident') && r.method === 'GET').at(-1);
    expect(sent?.query.sysparm_query).toContain('short_descriptionLIKE');

    const seen: string[] = [];
    let token = '';
    for (let page = 0; page < 4; page++) {
      const response = await api(hub.apiUrl, 'GET', `/hubs/helpdesk/incidents?pageSize=2&nextPage=${token}&where=${encodeURIComponent(`subject LIKE '%${tag}%'`)}`, { auth });
      seen.push(...response.body.map((i: { id: string }) => i.id));
      token = response.headers.get('elements-next-page-token') ?? '';
      if (!token) break;
    }
    expect(seen.sort()).toEqual(created.map((i) => i.id).sort());

    const comment = await api(hub.apiUrl, 'POST', `/hubs/helpdesk/incidents/${created[0].id}/comments`, { auth, json: { body: 'Fire brigade called' } });
    expect(comment.status).toBe(200);
    const comments = await api(hub.apiUrl, 'GET', `/hubs/helpdesk/incidents/${created[0].id}/comments`, { auth });
    expect(comments.body.map((c: { body: string }) => c.body)).toContain('Fire brigade called');

    for (const incident of created) expect((await api(hub.apiUrl, 'DELETE', `/hubs/helpdesk/incidents/${incident.id}`, { auth })).status).toBe(200);
    expect((await api(hub.apiUrl, 'GET', `/hubs/helpdesk/incidents/${created[0].id}`, { auth })).status).toBe(404);
  });

  it('sent Basic credentials for one instance and a Bearer token for the other', () => {
    const auths = new Set(sim.state.requests.filter((r) => r.path.includes('/api/now/')).map((r) => String(r.headers.authorization).split(' ')[0]));
    expect(auths).toEqual(new Set(['Basic', 'Bearer']));
  });
});
