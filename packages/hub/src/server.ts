import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TokenRefresher, type ElementDefinition } from '@junction/core';
import { loadMasterKey, migrate, openDatabase, SecretBox, Store } from '@junction/store';
import { createApp, API_BASE } from './app';
import { configFromEnv, type HubConfig } from './config';
import { createContainer, register, Tokens } from './container';
import { createEventsService, EventsToken } from './events/service';
import { ElementContextFactory } from './instances/element-context';
import { InstanceTokenSink } from './instances/token-sink';
import { createLogger } from './logging';
import { installedElements } from './plugins.generated';
import { ElementRegistry } from './registry';

export interface RunningHub {
  url: string;
  apiUrl: string;
  close(): Promise<void>;
}

/**
 * Boots a hub: database and migrations, master key, plugin validation, HTTP server.
 * A plugin that fails validation stops the boot with its key in the error.
 */
export async function startHub(config: HubConfig = configFromEnv(), elements: ElementDefinition[] = installedElements): Promise<RunningHub> {
  const logger = createLogger(config.logLevel);
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? undefined : `${config.dataDir}/pgdata`, embeddedTuning: config.embeddedTuning });
  try {
    await migrate(db);
    const box = new SecretBox(loadMasterKey({ envKey: config.secretKey, dataDir: config.dataDir }));
    const store = new Store(db, box);
    const registry = new ElementRegistry(elements, await store.elements.ensureIds(elements.map((e) => e.key)));

    const container = createContainer();
    const tokenSink = new InstanceTokenSink(store, registry);
    const refresher = new TokenRefresher(tokenSink, config.hostMap);
    const contexts = new ElementContextFactory(config.hostMap, refresher, logger, config.vendorTimeoutMs, tokenSink);
    register(container, Tokens.config, config);
    register(container, Tokens.logger, logger);
    register(container, Tokens.store, store);
    register(container, Tokens.registry, registry);
    register(container, Tokens.refresher, refresher);
    register(container, Tokens.contextFactory, contexts);
    const events = createEventsService(store, registry, contexts, config.events, logger);
    register(container, EventsToken, events);

    const app = createApp(container, db);
    const server: Server = await new Promise((resolvePromise, reject) => {
      const s = app.listen(config.port, config.host, () => resolvePromise(s));
      s.once('error', reject);
    });
    server.keepAliveTimeout = 65_000;
    const { port } = server.address() as AddressInfo;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    events.start(`${config.publicUrl?.replace(/\/+$/, '') ?? url}${API_BASE}/events`);
    logger.info({ url, elements: registry.all().map((e) => `${e.definition.key}@${e.definition.version}`) }, 'junction hub listening');
    return {
      url,
      apiUrl: `${url}${API_BASE}`,
      close: async () => {
        await new Promise<void>((r) => server.close(() => r()));
        server.closeAllConnections();
        await events.stop();
        await db.close();
      },
    };
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}
