import type { OpenAPIObject } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { ErrorCode, FieldIssueCode } from '@amphi/contracts';
import { DomainError } from '../common/domain-errors';
import { requestLanguage } from '../common/language';

/**
 * What Nest's generator cannot know from the controllers, added to the OpenAPI document in one
 * place so that every operation gets it: the error responses (every error shares one body), the
 * formats of path ids, the raw upload body of a recording. Clients generated from the document and
 * the fuzzer (schemathesis, test/fuzz.e2e.ts) rely on it.
 */

type Operation = {
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: Record<string, unknown> }>;
  requestBody?: unknown;
  responses: Record<string, unknown>;
  security?: unknown[];
  operationId?: string;
};

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** The one error body (ErrorBody in libs/contracts/src/errors.ts), as JSON Schema. */
export const ERROR_SCHEMA = {
  type: 'object',
  description:
    'Every error: the HTTP status, a precise code (listed in libs/contracts), a message in the request’s language (Accept-Language: French or English), and per code the fields, issues and details.',
  required: ['statusCode', 'code', 'message'],
  properties: {
    statusCode: { type: 'integer', minimum: 400, maximum: 599 },
    code: { type: 'string', enum: Object.values(ErrorCode), example: 'VALIDATION_FAILED' },
    message: { type: 'string' },
    fields: { type: 'object', additionalProperties: { type: 'string' }, description: 'One message per invalid field, keyed by its path (talks.0.plannedMinutes).' },
    issues: {
      type: 'array',
      description: 'The same field errors for machines: a path, a code (required, unknown_field, too_long, forbidden_character, date_out_of_range...) and its params.',
      items: {
        type: 'object',
        required: ['path', 'code'],
        properties: {
          path: { type: 'array', items: { oneOf: [{ type: 'string' }, { type: 'integer' }] } },
          code: { type: 'string', enum: Object.values(FieldIssueCode) },
          params: { type: 'object', additionalProperties: true },
        },
      },
    },
    details: { description: 'Structured details, typed per code.' },
    requestId: { type: 'string', description: 'For a 5xx: the id of the request in the server’s log (also the X-Request-Id header).' },
  },
};

const ERROR_REF = { $ref: '#/components/responses/Error' };
const DESCRIPTIONS: Record<string, string> = {
  '400': 'Malformed request (a body that is not JSON, a bad encoding)',
  '401': 'Not authenticated: no token, or one that is invalid or expired',
  '403': 'Authenticated but not allowed here; the code and details say why',
  '404': 'Nothing here: an id that names nothing, or something that is not yours',
  '405': 'This path does not accept this method (the Allow header lists those it does)',
  '409': 'A conflict with what exists (a slug taken, a programme conflict, no seat left); details list it',
  '413': 'The body or file is too large',
  '415': 'A file or body of a type this endpoint does not take',
  '422': 'Invalid input, field by field (fields and issues)',
  '429': 'Too many attempts: wait for Retry-After seconds',
  '500': 'An error of the server’s own; requestId identifies it in the server’s log',
  '503': 'A service Amphi depends on is unavailable (the database, the media server), or the process is stopping; try again later',
};

function errorResponse(status: string) {
  return { description: DESCRIPTIONS[status] ?? 'An error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
}

/** Path parameters named `…Id` are UUIDs (every table's key), except the ones listed here. */
const NOT_UUID_PARAMS = new Set(['identity', 'id']);

/** Adds to `document` (in place) what every operation shares; answers it. */
export function completeOpenApiDocument(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas = { ...(document.components.schemas ?? {}), Error: ERROR_SCHEMA as never };
  document.components.responses = { ...(document.components.responses ?? {}), Error: { description: 'An error, in the one error body', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } } };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = (item as Record<string, Operation | undefined>)[method];
      if (!operation) continue;
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in === 'path' && /Id$/.test(parameter.name) && !NOT_UUID_PARAMS.has(parameter.name)) parameter.schema = { ...(parameter.schema ?? {}), type: 'string', format: 'uuid' };
      }
      const statuses = new Set(['400', '500', '503']);
      const hasInput = Boolean(operation.requestBody) || (operation.parameters ?? []).some((p) => p.in === 'query' || p.in === 'path');
      if (hasInput) statuses.add('422');
      if ((operation.parameters ?? []).some((p) => p.in === 'path')) statuses.add('404');
      if (operation.security?.length) statuses.add('401').add('403');
      if (method !== 'get' && method !== 'head') statuses.add('409');
      if (operation.requestBody) statuses.add('413').add('415');
      // Login, personal links and registration are rate limited; any route may be behind a proxy that limits too.
      statuses.add('429');
      for (const status of [...statuses].sort()) operation.responses[status] ??= errorResponse(status);
      // Whatever else may come (a gateway's 502, a status added later) still has the one body.
      operation.responses.default ??= ERROR_REF;
    }
    void path;
  }
  describeRecordingUpload(document);
  return document;
}

/** The recording upload takes the file itself as the body (streamed): say so, for each type it accepts. */
function describeRecordingUpload(document: OpenAPIObject): void {
  const upload = (document.paths['/api/events/{eventId}/sessions/{sessionId}/recordings'] as Record<string, Operation> | undefined)?.post;
  if (!upload || upload.requestBody) return;
  // Any declared type is taken (application/octet-stream too): the type is read from the file's first bytes.
  const types = ['audio/mpeg', 'audio/mp4', 'audio/ogg', 'audio/wav', 'video/mp4', 'video/webm', 'application/octet-stream'];
  upload.requestBody = {
    required: true,
    description: 'The recording file itself (not multipart), whatever its declared type: its type is read from its first bytes, and anything but audio or video is refused with 415.',
    content: Object.fromEntries(types.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
  };
}

/**
 * An Express middleware: a request to a documented path with a method the path does not take
 * answers 405 with the error body and an Allow header (TRACE included), instead of "not found".
 * Paths the document does not know are left to the router (404).
 */
export function methodNotAllowed(document: OpenAPIObject) {
  const routes = Object.entries(document.paths).map(([template, item]) => {
    const source = template
      .split(/\{[^}]+\}/)
      .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
      .join('[^/]+');
    const methods = new Set(HTTP_METHODS.filter((m) => (item as Record<string, unknown>)[m]).map((m) => m.toUpperCase()));
    if (methods.has('GET')) methods.add('HEAD');
    methods.add('OPTIONS'); // CORS preflights
    return { pattern: new RegExp(`^${source}/?$`), methods };
  });
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.path.startsWith('/api/')) return next();
    const matching = routes.filter((r) => r.pattern.test(req.path));
    if (matching.length === 0) return next();
    const allowed = new Set(matching.flatMap((r) => [...r.methods]));
    if (allowed.has(req.method)) return next();
    const error = new DomainError(405, ErrorCode.MethodNotAllowed, { method: req.method, allow: [...allowed] });
    res.status(405).set('Allow', [...allowed].join(', ')).json(error.toBody(requestLanguage(req.headers['accept-language'], req.query?.lang)));
  };
}
