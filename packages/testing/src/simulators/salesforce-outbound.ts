/**
 * Salesforce simulator: outbound messages, the SOAP notifications a workflow rule or flow sends
 * when a record is created or edited. Up to 100 `Notification`s go in one `notifications` message
 * to the endpoint URL; the listener must answer a `notificationsResponse` with `<Ack>true</Ack>`,
 * otherwise Salesforce delivers the message again. Messages are not signed: the listener checks the
 * `OrganizationId` they carry.
 * https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_om_outboundmessaging_wsdl.htm
 * https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_om_outboundmessaging_security.htm
 */
import type { SalesforceObjectSpec } from './salesforce-schema';
import { salesforceId } from './salesforce-schema';
import type { StoredRecord } from './salesforce-store';
import { WebhookPoster, type WebhookDelivery } from './webhook-poster';

/** An outbound message action: which object's saves it sends, where, with which fields. */
export interface SalesforceOutboundDefinition {
  /** sObject API name, e.g. `Contact`. */
  object: string;
  /** The endpoint URL, query string included. */
  endpointUrl: string;
  /** Fields sent besides `Id`. Default `Name`, `LastModifiedDate`. */
  fields?: string[];
}

/** A sent message, with whether the listener acknowledged it (as of when `deliveries` was read). */
export interface SalesforceOutboundDelivery extends WebhookDelivery {
  actionId: string;
  /** The answer was 200 with `<Ack>true</Ack>`. */
  acked: boolean;
}

const ACK = /<(?:[\w.-]+:)?Ack>\s*true\s*<\/(?:[\w.-]+:)?Ack>/;

/** Salesforce puts at most this many notifications in one message. */
const MAX_NOTIFICATIONS = 100;
const API_VERSION = '67.0';

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[c]};`);

/** A stored value as the SOAP API writes it: REST's `+0000` timestamps become `Z`. */
function soapValue(value: unknown): string {
  const text = String(value);
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/.test(text) ? text.replace('+0000', 'Z') : text;
}

/** The outbound message actions of the simulated org. */
export class SalesforceOutbound {
  private readonly poster = new WebhookPoster();
  private readonly actions: (SalesforceOutboundDefinition & { actionId: string })[] = [];
  private readonly queues = new Map<string, { id: string; object: string; fields: string }[]>();
  private readonly sent: { actionId: string; delivery: WebhookDelivery }[] = [];
  private counter = 0;

  constructor(
    private readonly orgId: string,
    private readonly origin: () => string,
  ) {}

  /** Adds an outbound message action ("created, and every time it's edited"); returns its ActionId. */
  define(definition: SalesforceOutboundDefinition): string {
    const actionId = salesforceId('04k', this.actions.length + 1);
    this.actions.push({ ...definition, actionId });
    return actionId;
  }

  /** Messages sent so far, with the listener's answers. */
  get deliveries(): SalesforceOutboundDelivery[] {
    return this.sent.map(({ actionId, delivery }) => ({ ...delivery, actionId, acked: delivery.status === 200 && ACK.test(delivery.response ?? '') }));
  }

  /** Queues a notification for every action on the record's object; one message per action per turn of the event loop. */
  saved(object: SalesforceObjectSpec, record: StoredRecord): void {
    for (const action of this.actions.filter((a) => a.object === object.name)) {
      const fields = ['Id', ...(action.fields ?? ['Name', 'LastModifiedDate']).filter((f) => f !== 'Id' && f in record)]
        .map((name) => (record[name] === null || record[name] === undefined ? `<sf:${name} xsi:nil="true"/>` : `<sf:${name}>${escapeXml(soapValue(record[name]))}</sf:${name}>`))
        .join('');
      const queue = this.queues.get(action.actionId) ?? [];
      if (queue.length === 0) setImmediate(() => this.send(action.actionId));
      queue.push({ id: salesforceId('04l', ++this.counter), object: object.name, fields });
      this.queues.set(action.actionId, queue);
    }
  }

  /** Sends what is queued and waits for every message so far to be answered. */
  async flush(): Promise<void> {
    for (const actionId of [...this.queues.keys()]) this.send(actionId);
    await this.poster.flush();
  }

  clear(): void {
    this.actions.length = 0;
    this.queues.clear();
    this.sent.length = 0;
    this.poster.clear();
  }

  private send(actionId: string): void {
    const action = this.actions.find((a) => a.actionId === actionId);
    const queued = this.queues.get(actionId) ?? [];
    this.queues.delete(actionId);
    if (!action) return;
    for (let i = 0; i < queued.length; i += MAX_NOTIFICATIONS) {
      const body = this.envelope(actionId, queued.slice(i, i + MAX_NOTIFICATIONS));
      const delivery = this.poster.post(action.endpointUrl, { 'content-type': 'text/xml; charset=utf-8', soapaction: '""', 'user-agent': 'Salesforce - OutboundMessage' }, body);
      this.sent.push({ actionId, delivery });
    }
  }

  private envelope(actionId: string, notifications: { id: string; object: string; fields: string }[]): string {
    const org15 = this.orgId.slice(0, 15);
    return [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
      ' <soapenv:Body>',
      '  <notifications xmlns="http://soap.sforce.com/2005/09/outbound">',
      `   <OrganizationId>${this.orgId}</OrganizationId>`,
      `   <ActionId>${actionId}</ActionId>`,
      '   <SessionId xsi:nil="true"/>',
      `   <EnterpriseUrl>${escapeXml(`${this.origin()}/services/Soap/c/${API_VERSION}/${org15}`)}</EnterpriseUrl>`,
      `   <PartnerUrl>${escapeXml(`${this.origin()}/services/Soap/u/${API_VERSION}/${org15}`)}</PartnerUrl>`,
      ...notifications.map(
        (n) => `   <Notification>\n    <Id>${n.id}</Id>\n    <sObject xsi:type="sf:${n.object}" xmlns:sf="urn:sobject.enterprise.soap.sforce.com">${n.fields}</sObject>\n   </Notification>`,
      ),
      '  </notifications>',
      ' </soapenv:Body>',
      '</soapenv:Envelope>',
    ].join('\n');
  }
}
