import express, { Router, type Request, type Response } from 'express';
import { BadRequestError } from '@junction/core';
import type { EventsService } from '@junction/events';

/** The body as elements see it: JSON, a form as a string map, or the text. */
function parseBody(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) return undefined;
  const text = raw.toString('utf8');
  if (/\bjson\b/i.test(contentType ?? '')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new BadRequestError('Malformed JSON in the webhook body');
    }
  }
  if (/x-www-form-urlencoded/i.test(contentType ?? '')) return Object.fromEntries(new URLSearchParams(text));
  return text;
}

/** First value of each header or query parameter, as text. */
function single(values: Record<string, unknown>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(values)) out[key] = Array.isArray(value) ? String(value[0]) : value === undefined ? undefined : String(value);
  return out;
}

/**
 * Vendor webhook ingress, mounted at `{API base}/events` before any body parser: vendors sign the
 * exact bytes they send, so the body is kept raw. No Authorization: the vendor's signature, checked
 * by the element, is the credential. `publicUrl` is the base vendors call (signatures of some
 * vendors cover the URL); by default the request's own host.
 */
export function eventIngressRoutes(events: EventsService, options: { maxBodyBytes: number; publicUrl?: string }): Router {
  const router = Router();
  router.use(express.raw({ type: () => true, limit: options.maxBodyBytes }));
  const receive = async (req: Request, res: Response) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const base = options.publicUrl?.replace(/\/+$/, '') ?? `${req.protocol}://${req.headers.host}`;
    const answer = await events.receiveWebhook({
      elementKey: req.params.elementKey as string,
      encodedInstanceId: req.params.instance as string | undefined,
      method: req.method,
      url: `${base}${req.originalUrl}`,
      headers: single(req.headers),
      query: single(req.query as Record<string, unknown>),
      raw,
      body: parseBody(raw, req.headers['content-type']),
    });
    res.status(answer.status).set(answer.headers ?? {});
    if (typeof answer.body === 'string') res.send(answer.body);
    else res.json(answer.body);
  };
  for (const path of ['/:elementKey', '/:elementKey/:instance']) {
    router.post(path, receive);
    router.get(path, receive);
  }
  return router;
}
