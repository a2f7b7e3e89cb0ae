import { HostMap, OAUTH_KEYS } from '@junction/core';
import { describeConformance, recordingMode } from '@junction/testing/recordings';
import { sfdc } from '../src';
import { INSTANCE, INSTANCE_ORIGIN, RECORD_PORT, RECORDINGS, startSimulator } from './sfdc-harness';

/**
 * Replays `__recordings__/conformance.json`. With NOCK_BACK_MODE=record the Salesforce simulator
 * stands in for the instance on port 7443 and the exchange is stored under the instance's origin.
 */
const record = recordingMode() === 'record';
const SIMULATOR = `http://127.0.0.1:${RECORD_PORT}`;
let simulator: Awaited<ReturnType<typeof startSimulator>> | undefined;

beforeAll(async () => {
  if (record) simulator = await startSimulator();
});
afterAll(async () => {
  await simulator?.close();
});

describeConformance({
  element: sfdc,
  config: { instance_url: INSTANCE, [OAUTH_KEYS.accessToken]: 'sim-access-token' },
  recording: { directory: RECORDINGS, originAliases: { [SIMULATOR]: INSTANCE_ORIGIN }, secrets: ['sim-access-token'] },
  hostMap: record ? HostMap.parse(`${new URL(INSTANCE).host}=${SIMULATOR}`) : undefined,
  fixtures: {
    accounts: { create: { name: 'Conformance Corp', industry: 'Technology' }, update: { website: 'https://conformance.example' }, unknownId: '001Sm0000000Q0tIAE' },
    contacts: {
      create: (ids) => ({ firstName: 'Ada', lastName: 'Lovelace', email: 'ada@conformance.example', accountId: ids.accounts }),
      update: { title: 'Analyst' },
      unknownId: '003Sm0000000Q0tIAE',
    },
    leads: { create: { firstName: 'Grace', lastName: 'Hopper', company: 'Conformance Corp', status: 'Working - Contacted' }, update: { phone: '+1 212 555 0100' }, unknownId: '00QSm0000000Q0tMAE' },
    opportunities: {
      create: (ids) => ({ name: 'Annual plan', accountId: ids.accounts, amount: 1250.5, stage: 'Qualification', closeDate: '2026-09-30' }),
      update: { description: 'Renewal with two extra seats' },
      unknownId: '006Sm0000000Q0tIAE',
    },
  },
});
