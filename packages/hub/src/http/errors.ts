import type { ErrorRequestHandler, RequestHandler } from 'express';
import { JunctionError, NotFoundError } from '@junction/core';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import { locals } from './request-context';

/** Unknown routes answer like every other error: JSON with the request id. */
export const notFound: RequestHandler = (req, _res, next) => {
  next(new NotFoundError(`resource at ${req.method} ${req.path}`));
};

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
}

/** Turns any error into `{requestId, message[, providerMessage]}`; stack traces only reach the log. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const requestId = locals(req)?.requestId;
    let status = 500;
    let message = 'Internal error; the request id identifies it in the server log';
    let providerMessage: string | undefined;
    let headers: Record<string, string> = {};

    const parserError = error as BodyParserError;
    if (error instanceof JunctionError) {
      ({ status, message, providerMessage, headers } = error);
    } else if (error instanceof ZodError) {
      status = 400;
      const issue = error.issues[0];
      message = `Invalid request: ${issue.path.length ? `'${issue.path.join('.')}' ` : ''}${issue.message}`;
    } else if (parserError.type === 'entity.parse.failed') {
      status = 400;
      message = 'Malformed JSON in the request body';
    } else if (parserError.type === 'entity.too.large') {
      status = 413;
      message = `Request body is larger than the ${parserError.limit} bytes allowed`;
    } else if (parserError.type === 'charset.unsupported' || parserError.type === 'encoding.unsupported') {
      status = 415;
      message = 'Unsupported request body encoding';
    } else if (typeof parserError.status === 'number' && parserError.status >= 400 && parserError.status < 500) {
      status = parserError.status;
      message = 'Bad request';
    }
    if (status >= 500) logger.error({ err: error, requestId, path: req.path }, 'request failed');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(status).set(headers).json({ requestId, message, ...(providerMessage ? { providerMessage } : {}) });
  };
}
