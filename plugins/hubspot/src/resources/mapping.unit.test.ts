import { Account, BadRequestError, Contact, Lead, Opportunity } from '@junction/core';
import { accounts } from './accounts';
import { contacts } from './contacts';
import { leads } from './leads';
import { opportunities } from './opportunities';

const stamps = { createdAt: '2024-05-01T10:00:00.000Z', updatedAt: '2024-05-02T10:00:00.000Z', archived: false };

describe('HubSpot ⇄ hub mapping', () => {
  it('companies → accounts, reading hs_lastmodifieddate and dropping empty values', () => {
    const account = accounts.toHub({
      id: '11',
      properties: { name: 'Acme', description: '', website: 'acme.example', phone: null, industry: 'COMPUTER_SOFTWARE', createdate: '2024-05-01T10:00:00.000Z', hs_lastmodifieddate: '2024-05-03T00:00:00.000Z' },
      ...stamps,
    });
    expect(Account.parse(account)).toEqual({ id: '11', name: 'Acme', website: 'acme.example', industry: 'COMPUTER_SOFTWARE', createdDate: '2024-05-01T10:00:00.000Z', modifiedDate: '2024-05-03T00:00:00.000Z' });
    expect(accounts.toVendor({ name: 'Acme', website: 'acme.example', description: null }, 'update')).toEqual({ properties: { name: 'Acme', website: 'acme.example', description: '' } });
  });

  it('contacts: names joined, jobtitle as title, associatedcompanyid as accountId, lastmodifieddate as modifiedDate', () => {
    const contact = contacts.toHub({
      id: '21',
      properties: { firstname: 'Ada', lastname: 'Lovelace', email: 'ada@example.com', jobtitle: 'Analyst', associatedcompanyid: '11', createdate: '2024-05-01T10:00:00.000Z', lastmodifieddate: '2024-05-04T00:00:00.000Z' },
      ...stamps,
    });
    expect(Contact.parse(contact)).toEqual({
      id: '21',
      firstName: 'Ada',
      lastName: 'Lovelace',
      name: 'Ada Lovelace',
      title: 'Analyst',
      email: 'ada@example.com',
      accountId: '11',
      createdDate: '2024-05-01T10:00:00.000Z',
      modifiedDate: '2024-05-04T00:00:00.000Z',
    });
  });

  it('contacts: a lone name is split, and accountId becomes the primary company association', () => {
    expect(contacts.toVendor({ name: 'Grace Brewster Hopper', accountId: '11', title: 'Admiral' }, 'create')).toEqual({
      properties: { firstname: 'Grace', lastname: 'Brewster Hopper', jobtitle: 'Admiral' },
      associations: [{ to: { id: '11' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 1 }] }],
    });
    expect(contacts.toVendor({ name: 'Ignored', firstName: 'Ada' }, 'update')).toEqual({ properties: { firstname: 'Ada' } });
  });

  it('leads are contacts in the lead stage: create sets lifecyclestage, status is hs_lead_status', () => {
    expect(leads.toVendor({ firstName: 'Lin', company: 'Initech', status: 'NEW' }, 'create')).toEqual({
      properties: { firstname: 'Lin', company: 'Initech', hs_lead_status: 'NEW', lifecyclestage: 'lead' },
    });
    expect(leads.toVendor({ status: 'OPEN' }, 'update')).toEqual({ properties: { hs_lead_status: 'OPEN' } });
    const lead = leads.toHub({ id: '31', properties: { firstname: 'Lin', company: 'Initech', hs_lead_status: 'NEW', lifecyclestage: 'lead' }, ...stamps });
    expect(Lead.parse(lead)).toEqual({ id: '31', firstName: 'Lin', name: 'Lin', company: 'Initech', status: 'NEW', createdDate: stamps.createdAt, modifiedDate: stamps.updatedAt });
  });

  it('deals → opportunities: amount as a number, the primary company as accountId', () => {
    const opportunity = opportunities.toHub({
      id: '41',
      properties: { dealname: 'Renewal', amount: '1500.50', dealstage: 'contractsent', closedate: '2024-06-30T00:00:00.000Z', deal_currency_code: 'EUR', hs_lastmodifieddate: '2024-05-05T00:00:00.000Z' },
      associations: { companies: { results: [{ id: '12', type: 'deal_to_company_unlabeled' }, { id: '11', type: 'deal_to_company' }, { id: '11', type: 'deal_to_company_unlabeled' }] } },
      ...stamps,
    });
    expect(Opportunity.parse(opportunity)).toEqual({
      id: '41',
      name: 'Renewal',
      accountId: '11',
      amount: 1500.5,
      currency: 'EUR',
      stage: 'contractsent',
      closeDate: '2024-06-30T00:00:00.000Z',
      createdDate: stamps.createdAt,
      modifiedDate: '2024-05-05T00:00:00.000Z',
    });
    expect(opportunities.toVendor({ name: 'Renewal', amount: 99.9, accountId: '11' }, 'create')).toEqual({
      properties: { dealname: 'Renewal', amount: '99.9' },
      associations: [{ to: { id: '11' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 5 }] }],
    });
  });

  it('refuses to write a deal probability, which HubSpot derives from the stage', () => {
    expect(() => opportunities.toVendor({ probability: 40 }, 'update')).toThrow(BadRequestError);
  });
});
