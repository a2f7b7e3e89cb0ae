// The installed elements, in catalog order. `nx g @junction/generators:element` adds entries here.
import type { ElementDefinition } from '@junction/core';
import { box } from '@junction/element-box';
import { closeio } from '@junction/element-closeio';
import { dropbox } from '@junction/element-dropbox';
import { hubspot } from '@junction/element-hubspot';
import { servicenow, servicenowoauth } from '@junction/element-servicenow';
import { sfdc } from '@junction/element-sfdc';

export const installedElements: ElementDefinition[] = [box, closeio, dropbox, hubspot, servicenow, servicenowoauth, sfdc];
