import 'reflect-metadata';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { createToken, type Token, type TokenRefresher } from '@junction/core';
import type { ElementContextFactory } from './instances/element-context';
import type { Store } from '@junction/store';
import type { Logger } from 'pino';
import type { HubConfig } from './config';
import type { ElementRegistry } from './registry';

/** The hub's services, each under a typed token; only the hub touches the container. */
export const Tokens = {
  config: createToken<HubConfig>('hub.config'),
  store: createToken<Store>('hub.store'),
  logger: createToken<Logger>('hub.logger'),
  registry: createToken<ElementRegistry>('hub.registry'),
  refresher: createToken<TokenRefresher>('hub.token-refresher'),
  contextFactory: createToken<ElementContextFactory>('hub.element-context-factory'),
} as const;

export function register<T>(container: DependencyContainer, token: Token<T>, value: T): void {
  container.register(token.symbol, { useValue: value });
}

export function resolve<T>(container: DependencyContainer, token: Token<T>): T {
  return container.resolve<T>(token.symbol);
}

/** A fresh container per hub process (tests start several hubs in one jest worker). */
export function createContainer(): DependencyContainer {
  return rootContainer.createChildContainer();
}
