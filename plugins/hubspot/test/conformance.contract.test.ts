import { HostMap } from '@junction/core';
import { describeConformance, recordingMode } from '@junction/testing/recordings';
import { hubspot } from '../src';
import { config, directory, RECORDING_PORT, startRecordingSimulator, type RunningHubSpotSimulator } from './hubspot-vendor';

const simulatorOrigin = `http://127.0.0.1:${RECORDING_PORT}`;
let simulator: RunningHubSpotSimulator | undefined;

// Recording (delete the file, then NOCK_BACK_MODE=record on this file alone) runs against the simulator.
// Updates set fields the create left empty: the suite looks records up by their created values.
beforeAll(async () => {
  if (recordingMode() === 'record') simulator = await startRecordingSimulator();
});
afterAll(async () => {
  await simulator?.close();
});

describeConformance({
  element: hubspot,
  config,
  recording: { directory, originAliases: { [simulatorOrigin]: 'https://api.hubapi.com:443' }, secrets: [config['oauth.user.token']] },
  hostMap: recordingMode() === 'record' ? HostMap.parse(`api.hubapi.com=${simulatorOrigin}`) : undefined,
  fixtures: {
    accounts: { create: { name: 'Conformance Corp', website: 'conformance.example', industry: 'COMPUTER_SOFTWARE' }, update: { description: 'Created by the conformance suite' }, unknownId: '999999' },
    contacts: {
      create: (ids) => ({ firstName: 'Ada', lastName: 'Lovelace', email: 'ada@conformance.example', accountId: ids.accounts }),
      update: { title: 'Analyst' },
      unknownId: '999998',
    },
    leads: { create: { firstName: 'Lin', lastName: 'Park', email: 'lin@conformance.example', company: 'Initech', status: 'NEW' }, update: { phone: '+1 555 0100' }, unknownId: '999997' },
    opportunities: {
      create: (ids) => ({ name: 'Annual plan', amount: 1250.5, stage: 'qualifiedtobuy', accountId: ids.accounts }),
      update: { description: 'Two-year plan' },
      unknownId: '999996',
    },
  },
});
