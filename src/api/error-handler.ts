import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERROR_CATALOGUE, type ErrorBody, type FieldProblem } from '../core/errors.js';

interface AjvIssue {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** fastify's maxParamLength (its default, set explicitly by the server). */
export const MAX_PARAM_LENGTH = 100;

const CONTEXT_NAMES: Record<string, string> = { body: 'body', querystring: 'query', params: 'params', headers: 'headers' };

/**
 * Turns a schema validation failure into problems naming the field as a JSON pointer prefixed by
 * the part of the request: `/body/roles/0`, `/query/limit`, `/params/id`.
 */
export function problemsFromValidation(issues: AjvIssue[], context: string | undefined): FieldProblem[] {
  const prefix = `/${CONTEXT_NAMES[context ?? 'body'] ?? context ?? 'body'}`;
  return issues.map((issue) => {
    let path = issue.instancePath ?? '';
    const p = issue.params ?? {};
    if (issue.keyword === 'required' && typeof p.missingProperty === 'string') path += `/${p.missingProperty}`;
    if (issue.keyword === 'additionalProperties' && typeof p.additionalProperty === 'string') {
      return { where: `${prefix}${path}/${p.additionalProperty}`, reason: 'is not an allowed property' };
    }
    const reason = issue.keyword === 'required' ? 'is required' : (issue.message ?? 'is not valid');
    return { where: `${prefix}${path}`, reason };
  });
}

export function errorToBody(err: unknown): { status: number; body: ErrorBody; isServerFault: boolean } {
  if (err instanceof AppError) return { status: err.status, body: err.toBody(), isServerFault: err.status >= 500 };
  const fe = err as Partial<FastifyError> & { validation?: AjvIssue[]; validationContext?: string };
  if (fe && Array.isArray(fe.validation)) {
    const problems = problemsFromValidation(fe.validation, fe.validationContext);
    const first = problems[0];
    const message = first ? `${first.where}: ${first.reason}` : ERROR_CATALOGUE.VALIDATION_FAILED.message;
    return { status: 400, body: { code: 'VALIDATION_FAILED', message, details: { problems } }, isServerFault: false };
  }
  const code = typeof fe?.code === 'string' ? fe.code : '';
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return simple('PAYLOAD_TOO_LARGE');
  if (code === 'FST_ERR_MAX_PARAM_LENGTH' || code === 'FST_ERR_BAD_URL') {
    // Raised by the router before any route matched: only the frameworkErrors option sees them.
    const reason = code === 'FST_ERR_BAD_URL' ? 'is not a valid URL path' : `a path parameter is longer than ${MAX_PARAM_LENGTH} characters`;
    return { status: 400, body: { code: 'VALIDATION_FAILED', message: `/params: ${reason}`, details: { problems: [{ where: '/params', reason }] } }, isServerFault: false };
  }
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return {
      status: 415,
      body: {
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: ERROR_CATALOGUE.UNSUPPORTED_MEDIA_TYPE.message,
        details: { problems: [{ where: '/headers/content-type', reason: 'must be application/json' }] },
      },
      isServerFault: false,
    };
  }
  if (code.startsWith('FST_ERR_CTP') || err instanceof SyntaxError || (fe?.statusCode === 400 && /JSON/i.test(fe.message ?? ''))) {
    return { status: 400, body: { code: 'BAD_JSON', message: ERROR_CATALOGUE.BAD_JSON.message, details: { problems: [{ where: '/body', reason: 'not valid JSON' }] } }, isServerFault: false };
  }
  if (fe?.statusCode === 429) return simple('RATE_LIMITED');
  if (typeof fe?.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { status: fe.statusCode, body: { code: 'VALIDATION_FAILED', message: fe.message ?? 'Bad request' }, isServerFault: false };
  }
  return simple('INTERNAL');
}

function simple(code: 'PAYLOAD_TOO_LARGE' | 'RATE_LIMITED' | 'INTERNAL') {
  return { status: ERROR_CATALOGUE[code].status, body: { code, message: ERROR_CATALOGUE[code].message }, isServerFault: code === 'INTERNAL' };
}

/** Every error leaves as `{ code, message, details }`; internals are logged, never sent. */
export function errorHandler(err: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const { status, body, isServerFault } = errorToBody(err);
  // ACCOUNT_LOCKED, LOGIN_BUSY: the wait travels as the standard header too.
  const retry = (body.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  if (typeof retry === 'number') void reply.header('retry-after', String(retry));
  if (isServerFault) request.log.error({ err }, 'request failed');
  else request.log.debug({ code: body.code }, 'request rejected');
  void reply.status(status).send(body);
}
