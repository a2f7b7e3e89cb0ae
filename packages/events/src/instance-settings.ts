import { polledObjectType, type ElementEvents, type PolledObject } from '@junction/core';
import type { InstanceRecord } from '@junction/store';

/** What the settings are read from: a stored instance, or a configuration about to be saved. */
export type EventsConfigured = Pick<InstanceRecord, 'configuration' | 'secrets' | 'disabled'>;

/** One instance's events configuration, read from its `event.*` keys. */
export interface InstanceEventSettings {
  /** `event.notification.enabled` is `true` and the instance is not disabled. */
  enabled: boolean;
  /** `event.vendor.type`; when unset, polling if the element polls, else webhook. */
  mode: 'polling' | 'webhook' | undefined;
  callbackUrl?: string;
  signatureKey?: string;
  /**
   * Whether the instance is polled: events on, something to poll, and polling chosen (or webhooks
   * that only announce changes, which the hub then polls for).
   */
  polls: boolean;
  /** `event.poller.refresh_interval` minutes, never below the server floor. */
  intervalMs: number;
  /** The polled objects `event.objects` selects (all the element polls when unset). */
  polled: PolledObject[];
  /** The webhook object types `event.objects` selects (all the element reports when unset). */
  webhookObjects: string[];
  /** `event.poller.configuration` `startFrom`: the first poll reports changes since then instead of none. */
  startFrom?: string;
}

const DEFAULT_REFRESH_MINUTES = 15;

/**
 * Reads an instance's events configuration. `event.objects` names hub resources (`contacts`) or,
 * as Cloud Elements clients often send, the vendor's object names (`Contact`), case-insensitively;
 * names the element cannot watch are ignored.
 */
export function instanceEventSettings(instance: EventsConfigured, events: ElementEvents | undefined, pollFloorSeconds: number): InstanceEventSettings {
  // Records are never changed in place (a change reads a new one), so the settings of one record
  // can be kept as long as the record is: delivery asks for them once per event.
  const known = remembered.get(instance);
  if (known && known.events === events && known.pollFloorSeconds === pollFloorSeconds) return known.settings;
  const settings = readSettings(instance, events, pollFloorSeconds);
  remembered.set(instance, { events, pollFloorSeconds, settings });
  return settings;
}

const remembered = new WeakMap<EventsConfigured, { events: ElementEvents | undefined; pollFloorSeconds: number; settings: InstanceEventSettings }>();

function readSettings(instance: EventsConfigured, events: ElementEvents | undefined, pollFloorSeconds: number): InstanceEventSettings {
  const config = { ...instance.configuration, ...instance.secrets };
  const vendorType = config['event.vendor.type'];
  const mode = vendorType === 'polling' ? 'polling' : vendorType === 'webhook' || vendorType === 'webhooks' ? 'webhook' : events?.polling ? 'polling' : events?.webhook ? 'webhook' : undefined;
  const minutes = Number(config['event.poller.refresh_interval'] ?? DEFAULT_REFRESH_MINUTES);
  const intervalMs = Math.max((Number.isFinite(minutes) && minutes > 0 ? minutes : DEFAULT_REFRESH_MINUTES) * 60_000, pollFloorSeconds * 1000);
  const wanted = config['event.objects']
    ?.split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  const chosen = (names: string[]) => !wanted?.length || names.some((n) => wanted.includes(n.toLowerCase()));
  const enabled = config['event.notification.enabled'] === 'true' && !instance.disabled;
  const polled = (events?.polling?.objects ?? []).filter((o) => chosen('changedSince' in o ? [o.objectType] : [polledObjectType(o), o.resource.vendorName]));
  const settings: InstanceEventSettings = {
    enabled,
    mode,
    polls: enabled && polled.length > 0 && (mode === 'polling' || (mode === 'webhook' && events?.webhook?.pollsOnNotify === true)),
    intervalMs,
    polled,
    webhookObjects: (events?.webhook?.objects ?? []).filter((name) => chosen([name])),
  };
  if (config['event.notification.callback.url']) settings.callbackUrl = config['event.notification.callback.url'];
  if (config['event.notification.signature.key']) settings.signatureKey = config['event.notification.signature.key'];
  const startFrom = readStartFrom(config['event.poller.configuration']);
  if (startFrom) settings.startFrom = startFrom;
  return settings;
}

/** `{"startFrom": "<ISO date>"}` in `event.poller.configuration`; anything else there is not ours to read. */
function readStartFrom(text: string | undefined): string | undefined {
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as { startFrom?: unknown };
    return typeof parsed?.startFrom === 'string' && !Number.isNaN(Date.parse(parsed.startFrom)) ? parsed.startFrom : undefined;
  } catch {
    return undefined;
  }
}
