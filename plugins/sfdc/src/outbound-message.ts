import { BadRequestError } from '@junction/core';
import { parseXml, type XmlElement } from './xml';

/**
 * A Salesforce outbound message: the SOAP `notifications` call a workflow rule or flow makes when
 * records are saved, with up to 100 `Notification`s of one object type.
 * https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_om_outboundmessaging_wsdl.htm
 */
export interface OutboundMessage {
  organizationId: string;
  actionId: string;
  notifications: OutboundNotification[];
}

/** One notification: its own id (the same on redelivery) and the record's type and chosen fields. */
export interface OutboundNotification {
  id: string;
  /** The sObject type, from `xsi:type="sf:Contact"`. */
  sObjectType: string;
  /** Field values by API name; `null` for `xsi:nil`. */
  fields: Record<string, string | null>;
}

const child = (element: XmlElement | undefined, local: string) => element?.children.find((c) => c.local === local);

function invalid(reason: string): BadRequestError {
  return new BadRequestError(`Not a Salesforce outbound message: ${reason}`);
}

/** `xsi:type` of any prefix (`xsi:type`, `xs:type`): the value after its own prefix. */
function typeOf(element: XmlElement): string | undefined {
  const entry = Object.entries(element.attributes).find(([name]) => name === 'type' || name.endsWith(':type'));
  return entry?.[1].slice(entry[1].indexOf(':') + 1);
}

const isNil = (element: XmlElement) => Object.entries(element.attributes).some(([name, value]) => (name === 'nil' || name.endsWith(':nil')) && value === 'true');

function notificationOf(element: XmlElement): OutboundNotification {
  const id = child(element, 'Id')?.text.trim();
  const sObject = child(element, 'sObject');
  const sObjectType = sObject && typeOf(sObject);
  if (!id || !sObject || !sObjectType) throw invalid('a Notification lacks its Id or its typed sObject');
  const fields: Record<string, string | null> = {};
  for (const field of sObject.children) fields[field.local] = isNil(field) ? null : field.text.trim();
  return { id, sObjectType, fields };
}

const parsed = new WeakMap<Buffer, OutboundMessage>();

/**
 * The message in a webhook body, read once per request (verify, locate and normalize all need it).
 * Malformed XML, a DTD or another document answer 400.
 */
export function outboundMessage(raw: Buffer): OutboundMessage {
  const cached = parsed.get(raw);
  if (cached) return cached;
  const envelope = parseXml(raw.toString('utf8'));
  const notifications = child(child(envelope, 'Body'), 'notifications');
  if (envelope.local !== 'Envelope' || !notifications) throw invalid('no soapenv:Envelope/Body/notifications');
  const organizationId = child(notifications, 'OrganizationId')?.text.trim();
  if (!organizationId) throw invalid('no OrganizationId');
  const message = {
    organizationId,
    actionId: child(notifications, 'ActionId')?.text.trim() ?? '',
    notifications: notifications.children.filter((c) => c.local === 'Notification').map(notificationOf),
  };
  parsed.set(raw, message);
  return message;
}

/** The `notificationsResponse` that tells Salesforce the message was received, so it is not sent again. */
export const ACK_RESPONSE = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">',
  ' <soapenv:Body>',
  '  <notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound">',
  '   <Ack>true</Ack>',
  '  </notificationsResponse>',
  ' </soapenv:Body>',
  '</soapenv:Envelope>',
].join('\n');
