import { fillTemplate, HostMap, joinUrl, retryAfterMs } from '../src';

describe('HostMap', () => {
  it('rewrites listed hosts and keeps path and query', () => {
    const map = HostMap.parse('api.close.com=http://127.0.0.1:7001, login.salesforce.com=http://127.0.0.1:7002/prefix');
    expect(map.rewrite('https://api.close.com/api/v1/lead/?_skip=5')).toBe('http://127.0.0.1:7001/api/v1/lead/?_skip=5');
    expect(map.rewrite('https://login.salesforce.com/services/oauth2/token')).toBe('http://127.0.0.1:7002/prefix/services/oauth2/token');
    expect(map.rewrite('https://api.hubapi.com/crm/v3')).toBe('https://api.hubapi.com/crm/v3');
  });
  it('fails on malformed entries, naming them', () => {
    expect(() => HostMap.parse('api.close.com')).toThrow(/api\.close\.com/);
    expect(() => HostMap.parse('api.close.com=not a url')).toThrow(/JUNCTION_VENDOR_HOSTS/);
  });
});

describe('templates and retry hints', () => {
  it('fills placeholders and refuses missing ones', () => {
    expect(fillTemplate('https://{servicenow.subdomain}.service-now.com', { 'servicenow.subdomain': 'acme' })).toBe('https://acme.service-now.com');
    expect(() => fillTemplate('https://{sub}.x', {})).toThrow(/'sub' is required/);
  });
  it('joins relative paths and keeps absolute ones', () => {
    expect(joinUrl('https://a.example/v1/', '/things')).toBe('https://a.example/v1/things');
    expect(joinUrl('https://a.example/v1', 'https://b.example/next?c=1')).toBe('https://b.example/next?c=1');
  });
  it('reads Retry-After as seconds or a date', () => {
    expect(retryAfterMs({ 'retry-after': '3' })).toBe(3000);
    expect(retryAfterMs({ 'retry-after': new Date(Date.now() + 10_000).toUTCString() })).toBeGreaterThan(8000);
    expect(retryAfterMs({})).toBeUndefined();
  });
});
