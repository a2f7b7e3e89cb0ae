import { initial } from './0001-initial';
import { events } from './0002-events';
import type { Migration } from './migration';

/** Every migration, in the order it is applied. Append only. */
export const migrations: readonly Migration[] = [initial, events];
