export * from './hub-process';
export * from './api-client';
export * from './simulators';
export * from './callback-receiver';
