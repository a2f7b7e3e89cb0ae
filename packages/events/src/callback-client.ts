import http from 'node:http';
import https from 'node:https';

/** The largest answer body read from a callback; the rest is discarded. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * Connections to app callbacks are kept open between deliveries: at event rates a new TCP (and
 * TLS) connection per notification would cost more than the notification itself.
 */
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

/** What came of one POST: the status, or why there was none. */
export type CallbackAnswer = { statusCode: number } | { error: string };

/**
 * POSTs `body` to an app callback and resolves with the answer's status once (a bounded part of)
 * the answer has been read, or with the failure (connection refused, no answer within `timeoutMs`,
 * a URL that is not http(s)). Never rejects. Redirects are not followed: a 3xx is an answer.
 */
export function postCallback(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<CallbackAnswer> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve({ error: 'the callback URL is not a valid URL' });
  }
  const agent = target.protocol === 'http:' || target.protocol === 'https:' ? agents[target.protocol] : undefined;
  if (!agent) return Promise.resolve({ error: `the callback URL must be http or https, not ${target.protocol}` });
  const send = target.protocol === 'https:' ? https.request : http.request;
  const payload = Buffer.from(body, 'utf8');
  return new Promise((resolve) => {
    let settled = false;
    const finish = (answer: CallbackAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(answer);
    };
    const request = send(target, { method: 'POST', agent, headers: { ...headers, 'content-length': String(payload.length) } }, (response) => {
      let read = 0;
      response.on('data', (chunk: Buffer) => {
        read += chunk.length;
        // Enough of an answer nobody reads: drop the connection rather than download the rest.
        if (read > MAX_ANSWER_BYTES) response.destroy();
      });
      response.on('end', () => finish({ statusCode: response.statusCode ?? 0 }));
      response.on('close', () => finish({ statusCode: response.statusCode ?? 0 }));
      response.on('error', () => finish({ statusCode: response.statusCode ?? 0 }));
    });
    const timer = setTimeout(() => {
      finish({ error: `no answer within ${timeoutMs} ms` });
      request.destroy();
    }, timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => finish({ error: error.code ? `${error.code}: ${error.message}` : error.message }));
    request.end(payload);
  });
}
