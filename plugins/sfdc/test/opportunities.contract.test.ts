import { accounts } from '../src/resources/accounts';
import { opportunities } from '../src/resources/opportunities';
import { hubRecord, recorded, vendorBody } from './sfdc-harness';

describe('sfdc opportunities (contract)', () => {
  it('maps amount, stage, probability and close date both ways', async () => {
    await recorded('opportunities-crud', async ({ ctx, sent }) => {
      const account = hubRecord(accounts, await accounts.create!(ctx, vendorBody(accounts, { name: 'Umbrella' }, 'create')));
      const body = { name: 'Umbrella renewal', accountId: account.id, amount: 125000.5, stage: 'Prospecting', closeDate: '2026-06-30', description: 'Three-year renewal' };
      const created = hubRecord(opportunities, await opportunities.create!(ctx, vendorBody(opportunities, body, 'create')));
      // Salesforce sets the probability from the stage.
      expect(created).toMatchObject({ ...body, probability: 10 });
      expect(sent[2].json).toEqual({
        Name: 'Umbrella renewal',
        AccountId: account.id,
        Amount: 125000.5,
        StageName: 'Prospecting',
        CloseDate: '2026-06-30',
        Description: 'Three-year renewal',
      });
      const id = created.id as string;
      const won = hubRecord(opportunities, await opportunities.update!(ctx, id, vendorBody(opportunities, { stage: 'Closed Won' }, 'update'), 'patch'));
      expect(won).toMatchObject({ id, stage: 'Closed Won', probability: 100, amount: 125000.5 });
      await opportunities.delete!(ctx, id);
      await accounts.delete!(ctx, account.id as string);
      expect(sent.filter((r) => r.method === 'DELETE').map((r) => r.url)).toEqual([`sobjects/Opportunity/${id}`, `sobjects/Account/${account.id}`]);
    });
  });
});
