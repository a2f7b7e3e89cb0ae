import { NotFoundError } from '@junction/core';
import { servicenow, servicenowoauth } from '../src';
import { hubList, hubRecord, resourceOf, vendorBody, withServiceNow, type SeedTarget } from './servicenow-vendor';

const BETH = '46d44a5dc611227500c1b6be21cf2d22';
const DAVID = '5137153cc611227c000bbd1bd8cd2005';
const ABEL = '62826bf03710200044e0bfc8bcbe5df1';

function seed(simulator: SeedTarget): void {
  simulator.insert('sys_user', { sys_id: BETH, user_name: 'beth.anglin', first_name: 'Beth', last_name: 'Anglin', email: 'beth.anglin@example.com', roles: 'itil' });
  simulator.insert('sys_user', { sys_id: DAVID, user_name: 'david.loo', first_name: 'David', last_name: 'Loo', email: 'david.loo@example.com', roles: 'itil,approver_user', active: 'false' });
  simulator.insert('sys_user', { sys_id: ABEL, user_name: 'abel.tuter', first_name: 'Abel', last_name: 'Tuter', email: 'abel.tuter@example.com' });
  simulator.insert('core_company', { name: 'ACME North America', website: 'https://acme.example', notes: 'Key account', phone: '+1 555 0100' });
}

describe.each([servicenow, servicenowoauth])('$key agents, contacts and accounts', (element) => {
  const agents = resourceOf(element, 'agents');
  const contacts = resourceOf(element, 'contacts');
  const accounts = resourceOf(element, 'accounts');

  it('tells agents (users with the itil role) from contacts (all users) and maps companies to accounts', async () => {
    await withServiceNow(element, 'directory', { seed }, async (ctx, sent) => {
      const everyAgent = await hubList(agents, ctx, undefined, { pageSize: 10 });
      expect(sent[0].query.sysparm_query).toBe('roles=itil^ORDERBYsys_created_on^ORDERBYsys_id');
      expect(everyAgent.shown.map((a) => a.name)).toEqual(['Beth Anglin', 'David Loo']);

      const current = await hubList(agents, ctx, 'active = true', { pageSize: 10 });
      expect(sent[1].query.sysparm_query).toBe('roles=itil^active=true^ORDERBYsys_created_on^ORDERBYsys_id');
      expect(current.shown).toEqual([
        {
          id: BETH,
          firstName: 'Beth',
          lastName: 'Anglin',
          name: 'Beth Anglin',
          email: 'beth.anglin@example.com',
          active: true,
          createdDate: expect.any(String),
          modifiedDate: expect.any(String),
        },
      ]);

      expect(hubRecord(agents, await agents.get!(ctx, DAVID))).toMatchObject({ id: DAVID, active: false });
      expect(sent[2].query.sysparm_query).toBe(`roles=itil^sys_id=${DAVID}^ORDERBYsys_created_on^ORDERBYsys_id`);
      await expect(agents.get!(ctx, ABEL)).rejects.toBeInstanceOf(NotFoundError);
      // An id that could not be a sys_id never reaches the query.
      await expect(agents.get!(ctx, `${ABEL}^ORroles=admin`)).rejects.toBeInstanceOf(NotFoundError);

      const body = vendorBody(contacts, { firstName: 'Fred', lastName: 'Luddy', email: 'fred.luddy@example.com', active: true }, 'create');
      expect(body).toEqual({ first_name: 'Fred', last_name: 'Luddy', email: 'fred.luddy@example.com', active: 'true' });
      const fred = hubRecord(contacts, await contacts.create!(ctx, body));
      expect(fred).toMatchObject({ name: 'Fred Luddy', email: 'fred.luddy@example.com', active: true });

      const byMail = await hubList(contacts, ctx, "email LIKE '%@example.com' AND lastName IN ('Tuter', 'Luddy')", { pageSize: 10 });
      expect(byMail.records.length).toBe(2);
      expect(byMail.shown.map((c) => c.name)).toEqual(['Abel Tuter', 'Fred Luddy']);
      expect(sent.at(-1)!.query.sysparm_query).toBe('emailENDSWITH@example.com^last_nameINTuter,Luddy^ORDERBYsys_created_on^ORDERBYsys_id');

      const company = await hubList(accounts, ctx, "name LIKE 'ACME%'", { pageSize: 10 });
      expect(company.shown).toEqual([
        { id: expect.any(String), name: 'ACME North America', description: 'Key account', website: 'https://acme.example', phone: '+1 555 0100', createdDate: expect.any(String), modifiedDate: expect.any(String) },
      ]);
      expect(sent.at(-1)!.query.sysparm_query).toBe('nameSTARTSWITHACME^ORDERBYsys_created_on^ORDERBYsys_id');

      const renamed = hubRecord(accounts, await accounts.update!(ctx, company.shown[0].id as string, vendorBody(accounts, { description: 'Key account since 2019' }, 'update'), 'patch'));
      expect(renamed).toMatchObject({ name: 'ACME North America', description: 'Key account since 2019' });
    });
  });

  it('refuses fields ServiceNow derives or does not have, and writes no agents', () => {
    // A user's name is computed from first and last name.
    expect(() => vendorBody(contacts, { name: 'Fred Luddy' }, 'create')).toThrow(/name/);
    // A company has no industry: the hub answers 400 for a field the model does not have.
    expect(Object.keys(accounts.model.shape)).not.toContain('industry');
    // Granting the itil role is a separate record, so agents are read-only.
    expect([agents.create, agents.update, agents.delete]).toEqual([undefined, undefined, undefined]);
  });
});
