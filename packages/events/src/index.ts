export { EventsService, type EventsServiceOptions } from './events-service';
export type { EventsHost, EventsLogger } from './host';
export type { InboundWebhook, IngressAnswer } from './ingress';
export { eventsSettingsFromEnv, parseRetrySchedule, DEFAULT_RETRY_SCHEDULE_MS, type EventsSettings } from './settings';
export { elementsSignature, standardWebhooksSignature, standardWebhooksKey } from './signing';
