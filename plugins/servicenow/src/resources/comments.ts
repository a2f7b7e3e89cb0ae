import { journalResource } from './journal';

/** helpdesk `comments`: an incident's additional comments, visible to the caller. */
export const comments = journalResource({ name: 'comments', element: 'comments', description: 'Additional comments on incidents (visible to the caller)' });
