import path from 'node:path';
import { HostMap } from '@junction/core';
import { describeConformance, recordingMode } from '@junction/testing/recordings';
import { servicenow, servicenowoauth } from '../src';
import { configurations, INSTANCE } from './servicenow-vendor';

/**
 * Replays `__recordings__/<key>-conformance.json`. To record, run the ServiceNow simulator
 * (`startServiceNowSimulator` in @junction/testing) on port 7312 with the user, password and
 * bearer token of `configurations`, then set NOCK_BACK_MODE=record; the exchange is stored under
 * the instance's origin.
 */
const SIMULATOR = 'http://127.0.0.1:7312';
const UNKNOWN = '0123456789abcdef0123456789abcdef';

for (const element of [servicenow, servicenowoauth]) {
  describeConformance({
    element,
    config: configurations[element.key],
    recording: { directory: path.join(__dirname, '__recordings__'), originAliases: { [SIMULATOR]: INSTANCE }, name: `${element.key}-conformance` },
    hostMap: recordingMode() === 'record' ? HostMap.parse(`acme.service-now.com=${SIMULATOR}`) : undefined,
    fixtures: {
      accounts: { create: { name: 'Conformance Corp', description: 'Created by the conformance suite' }, update: { website: 'https://conformance.example' }, unknownId: UNKNOWN },
      contacts: { create: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@conformance.example' }, update: { phone: '+44 20 7946 0000' }, unknownId: UNKNOWN },
      incidents: {
        create: (ids) => ({ subject: 'Conformance incident', description: 'Created by the conformance suite', priority: 'Moderate', reporterId: ids.contacts }),
        // The suite then filters on each created value, so the update sets a field that was empty.
        update: { assigneeId: '46d44a5dc611227500c1b6be21cf2d22' },
        unknownId: UNKNOWN,
      },
    },
  });
}
