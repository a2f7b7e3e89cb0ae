import { z } from 'zod';

/**
 * The crm hub's normalized models. One app reads these same fields from every crm vendor;
 * vendor-only fields stay reachable with `raw=true` or through the vendor-native object.
 */
const timestamps = {
  createdDate: z.string().optional(),
  modifiedDate: z.string().optional(),
};

export const Account = z.object({
  id: z.string(),
  name: z.string().optional(),
  description: z.string().optional(),
  website: z.string().optional(),
  phone: z.string().optional(),
  industry: z.string().optional(),
  ...timestamps,
});
export type Account = z.infer<typeof Account>;

export const Contact = z.object({
  id: z.string(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  name: z.string().optional(),
  title: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  accountId: z.string().optional(),
  ...timestamps,
});
export type Contact = z.infer<typeof Contact>;

export const Lead = z.object({
  id: z.string(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  name: z.string().optional(),
  company: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  status: z.string().optional(),
  ...timestamps,
});
export type Lead = z.infer<typeof Lead>;

export const Opportunity = z.object({
  id: z.string(),
  name: z.string().optional(),
  accountId: z.string().optional(),
  amount: z.number().optional(),
  currency: z.string().optional(),
  stage: z.string().optional(),
  probability: z.number().optional(),
  closeDate: z.string().optional(),
  description: z.string().optional(),
  ...timestamps,
});
export type Opportunity = z.infer<typeof Opportunity>;

/** Create/update bodies: every field optional, `id` and timestamps are the vendor's to set. */
export const AccountInput = Account.omit({ id: true, createdDate: true, modifiedDate: true }).partial();
export const ContactInput = Contact.omit({ id: true, createdDate: true, modifiedDate: true }).partial();
export const LeadInput = Lead.omit({ id: true, createdDate: true, modifiedDate: true }).partial();
export const OpportunityInput = Opportunity.omit({ id: true, createdDate: true, modifiedDate: true }).partial();
export type AccountInput = z.infer<typeof AccountInput>;
export type ContactInput = z.infer<typeof ContactInput>;
export type LeadInput = z.infer<typeof LeadInput>;
export type OpportunityInput = z.infer<typeof OpportunityInput>;

export const crmModels = {
  accounts: { model: Account, input: AccountInput },
  contacts: { model: Contact, input: ContactInput },
  leads: { model: Lead, input: LeadInput },
  opportunities: { model: Opportunity, input: OpportunityInput },
} as const;
