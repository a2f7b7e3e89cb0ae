import { UnauthorizedError } from '../errors';
import type { HostMap } from '../http/host-map';
import { OAUTH_KEYS, type OAuth2Auth } from './kinds';
import { refreshTokens, tokenConfig, type TokenSet } from './oauth2-flow';

/** Where refreshed tokens are persisted; implemented by the hub over the store. */
export interface TokenSink {
  save(instanceId: number, patch: Record<string, string | null>): Promise<void>;
  markInvalid(instanceId: number): Promise<void>;
  /**
   * The instance's stored configuration, read just before refreshing: another hub process on the
   * same database may have refreshed (and, for vendors that rotate them, replaced the refresh token).
   */
  load?(instanceId: number): Promise<Readonly<Record<string, string | undefined>> | undefined>;
}

/** Refresh this long before the vendor's expiry, so a request never leaves with a dying token. */
const REFRESH_AHEAD_MS = 60_000;

/**
 * Keeps each OAuth instance's current access token. Refresh is single-flight per instance:
 * however many requests find the token expired at once, the vendor sees one refresh.
 */
export class TokenRefresher {
  private readonly current = new Map<number, { accessToken: string; refreshToken?: string; expiresAt?: number }>();
  private readonly inFlight = new Map<number, Promise<TokenSet>>();

  constructor(
    private readonly sink: TokenSink,
    private readonly hostMap: HostMap,
  ) {}

  /** A usable access token, refreshed first when it expires within a minute. */
  async accessToken(instanceId: number, auth: OAuth2Auth, config: Readonly<Record<string, string | undefined>>): Promise<string> {
    const known = this.current.get(instanceId) ?? fromConfig(config);
    if (!known) return (await this.refresh(instanceId, auth, config)).accessToken;
    if (known.expiresAt !== undefined && known.expiresAt - Date.now() < REFRESH_AHEAD_MS && known.refreshToken) {
      return (await this.refresh(instanceId, auth, config)).accessToken;
    }
    return known.accessToken;
  }

  /** After a 401: refresh unless another request already replaced the rejected token. */
  async refreshAfterRejection(
    instanceId: number,
    auth: OAuth2Auth,
    config: Readonly<Record<string, string | undefined>>,
    rejected: string | undefined,
  ): Promise<void> {
    const known = this.current.get(instanceId);
    if (known && known.accessToken !== rejected) return;
    await this.refresh(instanceId, auth, config, rejected);
  }

  /** Forgets what is cached for an instance (re-provisioned or deleted). */
  forget(instanceId: number): void {
    this.current.delete(instanceId);
  }

  private refresh(instanceId: number, auth: OAuth2Auth, config: Readonly<Record<string, string | undefined>>, rejected?: string): Promise<TokenSet> {
    const running = this.inFlight.get(instanceId);
    if (running) return running;
    const flight = this.doRefresh(instanceId, auth, config, rejected).finally(() => this.inFlight.delete(instanceId));
    this.inFlight.set(instanceId, flight);
    return flight;
  }

  private async doRefresh(
    instanceId: number,
    auth: OAuth2Auth,
    config: Readonly<Record<string, string | undefined>>,
    rejected: string | undefined,
  ): Promise<TokenSet> {
    const held = rejected ?? this.current.get(instanceId)?.accessToken ?? config[OAUTH_KEYS.accessToken];
    const stored = await this.sink.load?.(instanceId);
    const latest = stored ? fromConfig(stored) : undefined;
    if (latest && latest.accessToken !== held && (latest.expiresAt === undefined || latest.expiresAt - Date.now() >= REFRESH_AHEAD_MS)) {
      // Another process refreshed already: use its tokens instead of spending (or losing) the refresh token.
      this.current.set(instanceId, latest);
      return { accessToken: latest.accessToken, refreshToken: latest.refreshToken, expiresAt: latest.expiresAt, extra: {} };
    }
    const refreshToken = latest?.refreshToken ?? this.current.get(instanceId)?.refreshToken ?? config[OAUTH_KEYS.refreshToken];
    if (!refreshToken) throw new UnauthorizedError('This instance has no OAuth refresh token; re-authorize it');
    try {
      const tokens = await refreshTokens(
        auth,
        { refreshToken, clientId: config[OAUTH_KEYS.clientId] ?? '', clientSecret: config[OAUTH_KEYS.clientSecret] ?? '', values: config },
        this.hostMap,
      );
      this.current.set(instanceId, tokens);
      await this.sink.save(instanceId, tokenConfig(tokens));
      return tokens;
    } catch (error) {
      if (error instanceof UnauthorizedError) {
        this.current.delete(instanceId);
        await this.sink.markInvalid(instanceId);
      }
      throw error;
    }
  }
}

function fromConfig(config: Readonly<Record<string, string | undefined>>) {
  const accessToken = config[OAUTH_KEYS.accessToken];
  if (!accessToken) return undefined;
  const expiresAt = config[OAUTH_KEYS.expiresAt] ? Number(config[OAUTH_KEYS.expiresAt]) : undefined;
  return { accessToken, refreshToken: config[OAUTH_KEYS.refreshToken], expiresAt };
}
