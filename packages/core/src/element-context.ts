import type { VendorHttp } from './http/types';

/** Everything an element operation receives: the instance's configuration and its vendor client. */
export interface ElementContext {
  /** Configuration with secrets decrypted; only the element sees secret values. */
  readonly config: Readonly<Record<string, string | undefined>>;
  readonly http: VendorHttp;
  readonly instanceId?: number;
}
