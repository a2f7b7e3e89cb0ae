// The installed elements, in catalog order. `nx g @junction/generators:element` adds entries here.
import type { ElementDefinition } from '@junction/core';
import { closeio } from '@junction/element-closeio';
import { sfdc } from '@junction/element-sfdc';

export const installedElements: ElementDefinition[] = [closeio, sfdc];
