/** In-memory HTTP simulators of vendor APIs, for end-to-end tests and benchmarks. */
export {
  DEFAULT_BODY_LIMIT_BYTES,
  HttpError,
  Router,
  parseJsonText,
  readFormBody,
  readJsonBody,
  readRawBody,
  sendJson,
  sendRaw,
  splitUrl,
  startSimulator,
} from './simulator-server';
export type {
  QueryParams,
  ReadBodyOptions,
  RouteMatch,
  RunningSimulator,
  SimulatorHandler,
  StartSimulatorOptions,
} from './simulator-server';

export { CLOSE_API_BASE_PATH, CloseSimulatorState, createCloseSimulator, startCloseSimulator } from './close';
export type {
  CloseRecordedRequest,
  CloseSeedData,
  CloseSeedResult,
  CloseSimulator,
  CloseSimulatorOptions,
  RunningCloseSimulator,
} from './close';
export type {
  CloseAddress,
  CloseContact,
  CloseEmail,
  CloseLead,
  CloseOpportunity,
  CloseOpportunityStatus,
  CloseLeadStatus,
  CloseOrganization,
  ClosePhone,
  CloseUser,
  CloseValuePeriod,
} from './close-model';
export { signCloseWebhook } from './close-webhooks';
export type {
  CloseWebhookDelivery,
  CloseWebhookEvent,
  CloseWebhookEventSpec,
  CloseWebhookSubscription,
} from './close-webhooks';
