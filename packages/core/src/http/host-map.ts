/**
 * `JUNCTION_VENDOR_HOSTS="api.hubapi.com=http://127.0.0.1:7001,login.salesforce.com=http://127.0.0.1:7002"`:
 * every vendor URL whose host is listed goes to the mapped origin instead, path and query kept.
 * This is how simulators and vendor sandboxes stand in for the real hosts.
 */
export class HostMap {
  private constructor(private readonly origins: ReadonlyMap<string, URL>) {}

  static empty(): HostMap {
    return new HostMap(new Map());
  }

  /** Parses the env value; a malformed entry throws naming it, so a typo fails at boot. */
  static parse(value: string | undefined): HostMap {
    const origins = new Map<string, URL>();
    for (const entry of (value ?? '').split(',').map((e) => e.trim()).filter(Boolean)) {
      const eq = entry.indexOf('=');
      const host = entry.slice(0, eq).trim().toLowerCase();
      let target: URL;
      try {
        if (eq <= 0) throw new Error('missing =');
        target = new URL(entry.slice(eq + 1).trim());
      } catch {
        throw new Error(`JUNCTION_VENDOR_HOSTS entry '${entry}' is not <host>=<origin>, e.g. api.close.com=http://127.0.0.1:7001`);
      }
      origins.set(host, target);
    }
    return new HostMap(origins);
  }

  get size(): number {
    return this.origins.size;
  }

  /** The URL as it should be requested: unchanged unless its host is mapped. */
  rewrite(url: string): string {
    if (this.origins.size === 0) return url;
    const parsed = new URL(url);
    const target = this.origins.get(parsed.host.toLowerCase()) ?? this.origins.get(parsed.hostname.toLowerCase());
    if (!target) return url;
    const basePath = target.pathname.replace(/\/$/, '');
    return `${target.protocol}//${target.host}${basePath}${parsed.pathname}${parsed.search}`;
  }
}
