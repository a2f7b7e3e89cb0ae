import { journalResource } from './journal';

/** helpdesk `work-notes`: an incident's work notes, visible to agents only. */
export const workNotes = journalResource({ name: 'work-notes', element: 'work_notes', description: 'Work notes on incidents (visible to agents only)' });
