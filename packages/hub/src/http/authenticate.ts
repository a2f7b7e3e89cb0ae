import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { UnauthorizedError } from '@junction/core';
import type { Store } from '@junction/store';
import { parseAuthorization } from './auth-header';
import { locals, type Principal } from './request-context';
import { TtlCache } from './ttl-cache';

/**
 * Resolves `Authorization` to a user, organization and (with an Element token) instance.
 * Lookups are cached briefly; the cache is cleared whenever an instance changes in this process.
 */
export class Authenticator {
  private readonly cache = new TtlCache<Principal>(5_000);

  constructor(private readonly store: Store) {}

  invalidate(): void {
    this.cache.clear();
  }

  /** Middleware; `element: 'required'` for hub calls, `'optional'` for platform calls. */
  middleware(element: 'required' | 'optional'): RequestHandler {
    return (req: Request, _res: Response, next: NextFunction) => {
      this.resolve(req.headers.authorization, element)
        .then((principal) => {
          locals(req).principal = principal;
          next();
        })
        .catch(next);
    };
  }

  private async resolve(header: string | undefined, element: 'required' | 'optional'): Promise<Principal> {
    const cached = header ? this.cache.get(`${element}:${header}`) : undefined;
    if (cached) return cached;
    const parts = parseAuthorization(header);
    if (!parts.user) throw new UnauthorizedError('Authorization header has no User secret');
    if (element === 'required' && !parts.element) throw new UnauthorizedError('This call needs an Element token in the Authorization header');

    const instance = parts.element ? await this.store.instances.findByToken(parts.element) : undefined;
    if (parts.element && !instance) throw new UnauthorizedError('Invalid element token: no such instance');

    let organizationSecret = parts.organization;
    if (!organizationSecret) {
      if (!instance) throw new UnauthorizedError('Authorization header has no Organization secret');
      organizationSecret = (await this.store.users.secretsOf(instance.userId)).organizationSecret;
    }
    const identity = await this.store.users.authenticate(parts.user, organizationSecret);
    if (!identity) throw new UnauthorizedError();
    if (instance && instance.organizationId !== identity.organization.id) throw new UnauthorizedError('Invalid element token: no such instance');

    const principal: Principal = { ...identity, instance };
    this.cache.set(`${element}:${header}`, principal);
    return principal;
  }
}
