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

export { startSalesforceSimulator } from './salesforce';
export type { RunningSalesforceSimulator, SalesforceSimulatorOptions, SalesforceSimulatorState, SalesforceRecordedRequest } from './salesforce';
export type { SalesforceClient } from './salesforce-oauth';
export type { SalesforceOutboundDefinition, SalesforceOutboundDelivery } from './salesforce-outbound';
/** The simulator's SOQL engine, for property tests that check a pushdown against it. */
export { runQuery as runSalesforceQuery } from './salesforce-query';
export { SALESFORCE_OBJECTS } from './salesforce-schema';
export { parseSoql } from './salesforce-soql';
export { SalesforceStore } from './salesforce-store';

export { startBoxSimulator } from './box';
export type { BoxSimulatorOptions, BoxSimulatorState, RunningBoxSimulator } from './box';
export type { BoxStreamEvent } from './box-events';
export { signBoxWebhook } from './box-webhooks';
export type { BoxSimWebhook, BoxWebhookDelivery } from './box-webhooks';

export { HubSpotSimulatorState, startHubSpotSimulator } from './hubspot';
export type { HubSpotRecordedRequest, HubSpotSeedData, HubSpotSeedRecord, HubSpotSimulatorOptions, RunningHubSpotSimulator } from './hubspot';
export { hubSpotWebhookHeaders, signHubSpotWebhook } from './hubspot-webhooks';
export type { HubSpotWebhookEvent } from './hubspot-webhooks';
export type { WebhookDelivery } from './webhook-poster';

export { ServiceNowSimulatorState, startServiceNowSimulator } from './servicenow';
export type { RunningServiceNowSimulator, ServiceNowRecordedRequest, ServiceNowRow, ServiceNowSimulatorOptions, ServiceNowTable } from './servicenow';

export { DropboxSimulatorState, startDropboxSimulator } from './dropbox';
export type { DropboxFailure, DropboxRecordedRequest, DropboxSimulatorOptions, RunningDropboxSimulator } from './dropbox';
export { signDropboxWebhook } from './dropbox-webhooks';
export type { DropboxWebhookVerification, DropboxWebhooks } from './dropbox-webhooks';
