import { parseCeql } from '@junction/core';
import { accounts } from '../src/resources/accounts';
import { contacts } from '../src/resources/contacts';
import { opportunities } from '../src/resources/opportunities';
import { hubRecord, recorded } from './sfdc-harness';

const HOSTILE = "' OR Name != '";
const ESCAPED = 'C:\\temp\\new\nline';

describe('sfdc CEQL pushed down as SOQL (contract)', () => {
  it('sends numbers and dates bare, picklists in IN lists, and gets back only matching records', async () => {
    await recorded(
      'ceql-opportunities',
      async ({ ctx, sent }) => {
        const where = parseCeql("amount >= 1000 AND stage IN ('Prospecting', 'Closed Won') AND closeDate < '2026-04-01' AND modifiedDate >= '2026-03-01T00:00:00Z'");
        const page = await opportunities.list!(ctx, { pageSize: 100, where });
        expect(sent[0].searchParams).toEqual({
          q:
            'SELECT Id, Name, AccountId, Amount, StageName, Probability, CloseDate, Description, CreatedDate, LastModifiedDate FROM Opportunity' +
            " WHERE Amount >= 1000 AND StageName IN ('Prospecting', 'Closed Won') AND CloseDate < 2026-04-01 AND LastModifiedDate >= 2026-03-01T00:00:00Z ORDER BY Id",
        });
        expect(page.records.map((r) => hubRecord(opportunities, r).name)).toEqual(['Q1 expansion']);
      },
      {
        seed: (state) => {
          state.seed('Opportunity', { Name: 'Q1 expansion', StageName: 'Prospecting', CloseDate: '2026-03-31', Amount: 5000 });
          state.seed('Opportunity', { Name: 'Too small', StageName: 'Prospecting', CloseDate: '2026-03-31', Amount: 10 });
          state.seed('Opportunity', { Name: 'Too late', StageName: 'Closed Won', CloseDate: '2026-05-01', Amount: 5000 });
          state.seed('Opportunity', { Name: 'Wrong stage', StageName: 'Negotiation/Review', CloseDate: '2026-03-01', Amount: 5000 });
        },
      },
    );
  });

  it('keeps hostile text inside its literal: quotes, backslashes and newlines match only themselves', async () => {
    await recorded(
      'ceql-escaping',
      async ({ ctx, sent }) => {
        const hostile = await accounts.list!(ctx, { pageSize: 100, where: { kind: 'comparison', field: 'name', operator: '=', value: HOSTILE } });
        expect(sent[0].searchParams!.q).toBe("SELECT Id, Name, Description, Website, Phone, Industry, CreatedDate, LastModifiedDate FROM Account WHERE Name = '\\' OR Name != \\'' ORDER BY Id");
        expect(hostile.records.map((r) => hubRecord(accounts, r).name)).toEqual([HOSTILE]);

        const escaped = await accounts.list!(ctx, { pageSize: 100, where: { kind: 'comparison', field: 'name', operator: '=', value: ESCAPED } });
        expect(sent[1].searchParams!.q).toContain("WHERE Name = 'C:\\\\temp\\\\new\\nline' ORDER BY Id");
        expect(escaped.records.map((r) => hubRecord(accounts, r).name)).toEqual([ESCAPED]);
      },
      {
        seed: (state) => {
          for (const Name of [HOSTILE, ESCAPED, 'Innocent Ltd']) state.seed('Account', { Name });
        },
      },
    );
  });

  it('sends LIKE patterns and an OR of pushable conditions', async () => {
    await recorded(
      'ceql-contacts',
      async ({ ctx, sent }) => {
        const where = parseCeql("email LIKE '%@initech.example' AND (title = 'CFO' OR lastName IN ('Bolton', 'Waddams'))");
        const page = await contacts.list!(ctx, { pageSize: 100, where });
        expect(sent[0].searchParams!.q).toContain("WHERE Email LIKE '%@initech.example' AND (Title = 'CFO' OR LastName IN ('Bolton', 'Waddams')) ORDER BY Id");
        expect(page.records.map((r) => hubRecord(contacts, r).name).sort()).toEqual(['Michael Bolton', 'Milton Waddams', 'Peter Gibbons']);
      },
      {
        seed: (state) => {
          state.seed('Contact', { FirstName: 'Peter', LastName: 'Gibbons', Title: 'CFO', Email: 'peter@initech.example' });
          state.seed('Contact', { FirstName: 'Michael', LastName: 'Bolton', Email: 'michael@initech.example' });
          state.seed('Contact', { FirstName: 'Milton', LastName: 'Waddams', Email: 'milton@initech.example' });
          state.seed('Contact', { FirstName: 'Bill', LastName: 'Lumbergh', Email: 'bill@initech.example' });
          state.seed('Contact', { FirstName: 'Peter', LastName: 'Gibbons', Title: 'CFO', Email: 'peter@initrode.example' });
        },
      },
    );
  });
});
