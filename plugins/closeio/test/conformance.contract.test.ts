import path from 'node:path';
import { HostMap } from '@junction/core';
import { describeConformance, recordingMode } from '@junction/testing/recordings';
import { closeio } from '../src';

/**
 * Replays `__recordings__/conformance.json`. To record against Close itself, set
 * NOCK_BACK_MODE=record and CLOSE_API_KEY; without a key, record mode uses the Close simulator
 * on port 7101 (`npm run simulator -- close 7101`) and stores the exchange under api.close.com.
 */
const recordingAgainstSimulator = recordingMode() === 'record' && !process.env.CLOSE_API_KEY;
const apiKey = process.env.CLOSE_API_KEY ?? 'api_test_key';

describeConformance({
  element: closeio,
  config: { username: recordingMode() === 'record' ? apiKey : 'api_test_key', password: '' },
  recording: {
    directory: path.join(__dirname, '__recordings__'),
    originAliases: { 'http://127.0.0.1:7101': 'https://api.close.com:443' },
    secrets: [apiKey],
  },
  hostMap: recordingAgainstSimulator ? HostMap.parse('api.close.com=http://127.0.0.1:7101') : undefined,
  fixtures: {
    accounts: { create: { name: 'Conformance Corp', description: 'Created by the conformance suite' }, update: { website: 'https://conformance.example' }, unknownId: 'lead_0000000000000000000000000000000000000000000' },
    contacts: {
      create: (ids) => ({ firstName: 'Ada', lastName: 'Lovelace', email: 'ada@conformance.example', accountId: ids.accounts }),
      update: { title: 'Analyst' },
      unknownId: 'cont_0000000000000000000000000000000000000000000',
    },
    opportunities: {
      create: (ids) => ({ accountId: ids.accounts, amount: 1250.5, description: 'Annual plan' }),
      update: { probability: 60 },
      unknownId: 'oppo_0000000000000000000000000000000000000000000',
    },
  },
});
