export { startHub, type RunningHub } from './server';
export { configFromEnv, type HubConfig } from './config';
export { createApp, API_BASE } from './app';
export { ElementRegistry } from './registry';
export { loadElements } from './plugins';
