import { Account, Contact, ContactInput, HelpdeskUser, HelpdeskUserInput, Incident, IncidentInput, IncidentNote, IncidentNoteInput, Lead, LeadInput, Opportunity, OpportunityInput, AccountInput } from '@junction/core';
import type { z } from 'zod';
import { readHubModel } from './models';
import { workspaceTree } from './workspace-tree.test-helper';

const models: Record<string, [z.ZodObject, z.ZodType]> = {
  Account: [Account, AccountInput],
  Contact: [Contact, ContactInput],
  Lead: [Lead, LeadInput],
  Opportunity: [Opportunity, OpportunityInput],
  Incident: [Incident, IncidentInput],
  HelpdeskUser: [HelpdeskUser, HelpdeskUserInput],
  IncidentNote: [IncidentNote, IncidentNoteInput],
};

describe('readHubModel', () => {
  it.each(Object.entries(models))('reads %s from core source exactly as zod defines it', (name, [model, input]) => {
    const read = readHubModel(workspaceTree(), name);
    expect(read.input).toBe(`${name}Input`);
    expect(read.fields.map((f) => f.name)).toEqual(Object.keys(model.shape));
    const inputShape = (input as unknown as z.ZodObject).shape;
    expect(read.fields.filter((f) => f.writable).map((f) => f.name)).toEqual(Object.keys(inputShape));
    for (const field of read.fields) {
      expect(model.shape[field.name].safeParse(undefined).success).toBe(field.optional);
      const sample = { string: 'text', number: 1, boolean: true }[field.type];
      expect(model.shape[field.name].safeParse(sample).success).toBe(true);
    }
  });

  it('types numbers and booleans', () => {
    const opportunity = readHubModel(workspaceTree(), 'Opportunity');
    expect(opportunity.fields.filter((f) => f.type === 'number').map((f) => f.name)).toEqual(['amount', 'probability']);
    expect(readHubModel(workspaceTree(), 'HelpdeskUser').fields.find((f) => f.name === 'active')).toMatchObject({ type: 'boolean', optional: true });
  });

  it('names the model when it or its input schema is missing', () => {
    expect(() => readHubModel(workspaceTree(), 'Invoice')).toThrow("no hub model 'Invoice' in packages/core/src/models");
    expect(() => readHubModel(workspaceTree(), 'DocumentEntry')).toThrow("exports the model 'DocumentEntry' but no 'DocumentEntryInput' schema");
  });
});
