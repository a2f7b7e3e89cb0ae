import { BadRequestError, validateEvents, type WebhookRequest } from '@junction/core';
import { ORGANIZATION_ID_KEY, sfdcEvents, WEBHOOK_TOKEN_KEY } from './events';

const webhook = sfdcEvents.webhook!;
const ORG = '00D5e000000KQ2eEAG';
const TOKEN = 'q8Zf3kLm0Pw7Rt2Yx5Vb9Nc4';
const secrets = { config: { [ORGANIZATION_ID_KEY]: ORG, [WEBHOOK_TOKEN_KEY]: TOKEN } };
const now = new Date('2025-06-01T12:00:00Z');

/** An outbound message as https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_om_outboundmessaging_wsdl.htm describes it. */
function message(org = ORG, notifications = CONTACT + ACCOUNT): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
 <soapenv:Body>
  <notifications xmlns="http://soap.sforce.com/2005/09/outbound">
   <OrganizationId>${org}</OrganizationId>
   <ActionId>04k5e000000CaRkAAK</ActionId>
   <SessionId xsi:nil="true"/>
   <EnterpriseUrl>https://acme.my.salesforce.com/services/Soap/c/67.0/00D5e000000KQ2e</EnterpriseUrl>
   <PartnerUrl>https://acme.my.salesforce.com/services/Soap/u/67.0/00D5e000000KQ2e</PartnerUrl>${notifications}
  </notifications>
 </soapenv:Body>
</soapenv:Envelope>`;
}
const CONTACT = `
   <Notification><Id>04l5e00000Gx7QzAAJ</Id>
    <sObject xsi:type="sf:Contact" xmlns:sf="urn:sobject.enterprise.soap.sforce.com">
     <sf:Id>0035e00000ZkM3hAAF</sf:Id><sf:LastName>O&apos;Hara &amp; Co</sf:LastName><sf:Email xsi:nil="true"/><sf:LastModifiedDate>2025-06-01T11:59:58.000Z</sf:LastModifiedDate>
    </sObject></Notification>`;
const ACCOUNT = `
   <Notification><Id>04l5e00000Gx7R0AAJ</Id>
    <sObject xsi:type="sf:Account" xmlns:sf="urn:sobject.enterprise.soap.sforce.com"><sf:Id>0015e00000ZkM3hAAF</sf:Id><sf:SystemModstamp>2025-06-01T11:59:59.000Z</sf:SystemModstamp></sObject>
   </Notification>`;

function request(body: string, query: Record<string, string> = { token: TOKEN }): WebhookRequest {
  return { method: 'POST', url: 'https://hub.example/elements/api-v2/events/sfdc/MQ==', headers: { 'content-type': 'text/xml; charset=utf-8' }, query, raw: Buffer.from(body), body };
}

describe('Salesforce outbound messages', () => {
  it('is a valid declaration routed by org id, with nothing to subscribe by API', () => {
    expect(() => validateEvents('sfdc', sfdcEvents)).not.toThrow();
    expect(webhook.accountConfigKey).toBe(ORGANIZATION_ID_KEY);
    expect(webhook.subscribe).toBeUndefined();
    expect(webhook.objects).toEqual(['accounts', 'contacts', 'leads', 'opportunities']);
  });

  it('accepts a message from the instance’s org at its secret URL', () => {
    expect(webhook.verify(request(message()), secrets, now)).toBe(true);
  });

  it('refuses a wrong or missing token, another org, and an instance without org id or token', () => {
    expect(webhook.verify(request(message(), { token: `${TOKEN}x` }), secrets, now)).toBe(false);
    expect(webhook.verify(request(message(), {}), secrets, now)).toBe(false);
    expect(webhook.verify(request(message('00D5e000000XXXXEAG')), secrets, now)).toBe(false);
    expect(webhook.verify(request(message()), { config: { [WEBHOOK_TOKEN_KEY]: TOKEN } }, now)).toBe(false);
    expect(webhook.verify(request(message()), { config: { [ORGANIZATION_ID_KEY]: ORG } }, now)).toBe(false);
  });

  it('answers 400 for malformed XML, a DTD or another document, once the token is right', () => {
    const bad = ['<soapenv:Envelope><unclosed>', `<!DOCTYPE x [<!ENTITY e "e">]>${message()}`, '<soapenv:Envelope><soapenv:Body/></soapenv:Envelope>'];
    for (const body of bad) expect(() => webhook.verify(request(body), secrets, now)).toThrow(BadRequestError);
    // Without the token nothing is parsed: the answer is a plain refusal.
    expect(webhook.verify(request('<unclosed>', {}), secrets, now)).toBe(false);
  });

  it('locates the instance by the org id the message carries', () => {
    expect(webhook.locate!(request(message()))).toEqual({ vendorAccountIds: [ORG] });
  });

  it('turns each notification into an UPDATED change of the matching hub resource, dated by the record', () => {
    const changes = webhook.normalize(request(message()));
    expect(changes.map(({ raw: _, ...c }) => c)).toEqual([
      { eventType: 'UPDATED', objectType: 'contacts', objectId: '0035e00000ZkM3hAAF', date: '2025-06-01T11:59:58.000Z' },
      { eventType: 'UPDATED', objectType: 'accounts', objectId: '0015e00000ZkM3hAAF', date: '2025-06-01T11:59:59.000Z' },
    ]);
    expect(changes[0].raw).toEqual({
      id: '04l5e00000Gx7QzAAJ',
      sObjectType: 'Contact',
      fields: { Id: '0035e00000ZkM3hAAF', LastName: "O'Hara & Co", Email: null, LastModifiedDate: '2025-06-01T11:59:58.000Z' },
    });
  });

  it('skips objects it has no hub resource for', () => {
    const caseNotification = `<Notification><Id>04l5e00000Gx7R1AAJ</Id><sObject xsi:type="sf:Case" xmlns:sf="urn:sobject.enterprise.soap.sforce.com"><sf:Id>5005e00000ZkM3hAAF</sf:Id></sObject></Notification>`;
    expect(webhook.normalize(request(message(ORG, caseNotification)))).toEqual([]);
  });

  it('acknowledges with the SOAP notificationsResponse Salesforce waits for', () => {
    const reply = webhook.acknowledge!(['e1']);
    expect(reply.status).toBe(200);
    expect(reply.headers).toEqual({ 'content-type': 'text/xml; charset=utf-8' });
    expect(reply.body).toMatch(/<notificationsResponse xmlns="http:\/\/soap\.sforce\.com\/2005\/09\/outbound">\s*<Ack>true<\/Ack>\s*<\/notificationsResponse>/);
  });
});
