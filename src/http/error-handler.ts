import type { FastifyError, FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError, TooManyRequests } from '../errors.ts';
import { explainIssues } from '../validation-messages.ts';
import { RequestInvalid } from './api.ts';

// One error shape for every failure: { error: { code, message, details } }. Anything we did
// not anticipate is a 500 with a generic message; its detail goes to the log only.

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof RequestInvalid) {
      return reply.code(400).send({ error: { code: 'invalid_request', message: err.message, details: { fields: err.fields } } });
    }
    if (err instanceof AppError) {
      if (err instanceof TooManyRequests) reply.header('retry-after', String(err.retryAfterSeconds));
      return reply.code(err.status).send({ error: { code: err.code, message: err.message, details: err.details } });
    }
    if (err instanceof z.ZodError) {
      const { message, fields } = explainIssues(err.issues);
      return reply.code(422).send({ error: { code: 'validation_failed', message, details: { fields } } });
    }
    const status = err.statusCode ?? 500;
    if (status < 500) {
      const message = err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError ? 'The request body is not valid JSON' : err.message;
      return reply.code(status).send({ error: { code: (err.code ?? 'bad_request').toLowerCase(), message, details: {} } });
    }
    request.log.error({ err }, 'request failed');
    return reply.code(500).send({
      error: { code: 'internal', message: 'Something went wrong on our side; the request id is in the server log', details: { requestId: request.id } },
    });
  });
}
