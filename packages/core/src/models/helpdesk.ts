import { z } from 'zod';

/** The helpdesk hub's normalized incident (ARCHITECTURE.md §8). */
export const Incident = z.object({
  id: z.string(),
  number: z.string().optional(),
  subject: z.string().optional(),
  description: z.string().optional(),
  status: z.string().optional(),
  priority: z.string().optional(),
  assigneeId: z.string().optional(),
  reporterId: z.string().optional(),
  createdDate: z.string().optional(),
  modifiedDate: z.string().optional(),
});
export type Incident = z.infer<typeof Incident>;
export const IncidentInput = Incident.omit({ id: true, number: true, createdDate: true, modifiedDate: true }).partial();
export type IncidentInput = z.infer<typeof IncidentInput>;

/** People: requesters (contacts) and agents. */
export const HelpdeskUser = z.object({
  id: z.string(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  name: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  active: z.boolean().optional(),
  createdDate: z.string().optional(),
  modifiedDate: z.string().optional(),
});
export type HelpdeskUser = z.infer<typeof HelpdeskUser>;
export const HelpdeskUserInput = HelpdeskUser.omit({ id: true, createdDate: true, modifiedDate: true }).partial();

/** A comment or work note on an incident. */
export const IncidentNote = z.object({
  id: z.string(),
  incidentId: z.string().optional(),
  body: z.string().optional(),
  author: z.string().optional(),
  createdDate: z.string().optional(),
});
export type IncidentNote = z.infer<typeof IncidentNote>;
export const IncidentNoteInput = IncidentNote.pick({ body: true }).partial();
