const preset = require('./jest.preset.js');

const roots = ['<rootDir>/packages', '<rootDir>/plugins', '<rootDir>/tools'];

module.exports = {
  projects: [
    {
      ...preset,
      displayName: 'unit',
      rootDir: __dirname,
      roots,
      testMatch: ['**/*.unit.test.ts', '**/*.contract.test.ts'],
    },
    {
      ...preset,
      displayName: 'e2e',
      rootDir: __dirname,
      roots,
      testMatch: ['**/*.e2e.test.ts'],
      globalSetup: '<rootDir>/tools/build/jest-global-setup.js',
      setupFilesAfterEnv: ['<rootDir>/tools/build/jest-e2e-setup.js'],
    },
  ],
};
