import type { OpenAPIV3 } from 'openapi-types';
import { ERRORS, type DomainErrorCode } from '../../../domain/errors.js';

/** Who may call an operation. 'public' needs no session; the rest need one with that role. */
export type Access =
  | 'public'
  | 'signed-in'
  | 'shopper'
  | 'merchant'
  | 'operator'
  | 'staff'
  | 'support'
  | 'shopper-or-support';

export interface OperationDoc {
  /** zh-CN first, then English. */
  summary: string;
  access: Access;
  /** Honours Idempotency-Key: a retry with the same key answers the first result. */
  idempotent?: true;
  /** Refusals specific to this operation, beyond the ones every operation of its kind has. */
  errors?: DomainErrorCode[];
}

export const ACCESS_TEXT: Record<Access, string> = {
  public: '无需登录 / No sign-in needed',
  'signed-in': '任何已登录用户 / Any signed-in user',
  shopper: '买家 / Shoppers',
  merchant: '商家（本店） / Merchants, their own shop',
  operator: '平台运营 / Operators',
  staff: '运营、客服、商家（本店） / Operators, agents, merchants (own shop)',
  support: '运营、客服 / Operators and agents',
  'shopper-or-support': '买家（本人）、运营、客服 / Shoppers (their own), operators, agents',
};

const UNSAFE = new Set(['post', 'put', 'patch', 'delete']);
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

const errorSchema: OpenAPIV3.SchemaObject = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'A stable code, e.g. ORDER_NOT_CANCELLABLE' },
        message: { type: 'string', description: 'For people: zh-CN, or English when asked' },
        details: { description: 'Typed details of some codes (fields, limits)' },
        requestId: { type: 'string', description: 'Also in the x-request-id header and logs' },
      },
    },
  },
};

const idempotencyHeader: OpenAPIV3.ParameterObject = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    '8-128 characters [A-Za-z0-9_.:-]. A retry with the same key and body answers the first ' +
    'result without doing it again; the same key with another body is IDEMPOTENCY_KEY_REUSED (422).',
  schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{8,128}$' },
};

/** /api/v1/orders/{orderNo} → /api/v1/orders/:orderNo, the key of the catalog. */
function routeUrl(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

/** POST /api/v1/orders/:orderNo/cancellation → postOrdersOrderNoCancellation */
export function operationIdOf(method: string, url: string): string {
  const words = url
    .replace(/^\/api\/v1/, '')
    .split(/[/_-]/)
    .filter(Boolean)
    .map((w) => w.replace(/^:/, ''))
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1));
  return `${method.toLowerCase()}${words.join('')}`;
}

/** The refusals any operation of this kind can answer, beside its own. */
function commonErrors(method: string, path: string, doc: OperationDoc): DomainErrorCode[] {
  const codes: DomainErrorCode[] = ['VALIDATION_FAILED', 'UNSTORABLE_TEXT'];
  if (doc.access !== 'public') codes.push('UNAUTHENTICATED', 'FORBIDDEN');
  if (UNSAFE.has(method)) codes.push('CSRF_FAILED', 'ORIGIN_NOT_ALLOWED', 'UNSUPPORTED_MEDIA_TYPE');
  if (UNSAFE.has(method)) codes.push('PAYLOAD_TOO_LARGE');
  if (path.includes('{')) codes.push('NOT_FOUND', 'URI_TOO_LONG');
  codes.push('INTERNAL');
  return codes;
}

function errorResponses(codes: DomainErrorCode[]): OpenAPIV3.ResponsesObject {
  const byStatus = new Map<number, Set<DomainErrorCode>>();
  for (const code of codes) {
    const status = ERRORS[code].status;
    byStatus.set(status, (byStatus.get(status) ?? new Set()).add(code));
  }
  const out: OpenAPIV3.ResponsesObject = {};
  for (const [status, set] of [...byStatus].sort(([a], [b]) => a - b)) {
    out[String(status)] = {
      description: [...set].map((c) => `\`${c}\`: ${ERRORS[c].en}`).join('\n\n'),
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } },
    };
  }
  return out;
}

/**
 * Completes the generated document from the catalog: operationId, summary, who may call it and
 * its security, every refusal it can answer (all in the one error shape), and Idempotency-Key where
 * honoured. Throws when a documented route has no catalog entry or an entry has no route, so the
 * document cannot fall behind the code.
 */
export function completeApiDocument(
  doc: OpenAPIV3.Document,
  catalog: Record<string, OperationDoc>,
): OpenAPIV3.Document {
  const seen = new Set<string>();
  const missing: string[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item?.[method];
      if (!op) continue;
      const key = `${method.toUpperCase()} ${routeUrl(path)}`;
      const entry = catalog[key];
      if (!entry) {
        missing.push(key);
        continue;
      }
      seen.add(key);
      op.operationId = operationIdOf(method, routeUrl(path));
      op.summary = entry.summary;
      op.description = `${op.description ? `${op.description}\n\n` : ''}权限 / Access: ${ACCESS_TEXT[entry.access]}`;
      const unsafe = UNSAFE.has(method);
      op.security =
        entry.access === 'public'
          ? unsafe
            ? [{ csrf: [] }]
            : []
          : [unsafe ? { session: [], csrf: [] } : { session: [] }];
      if (entry.idempotent) op.parameters = [...(op.parameters ?? []), idempotencyHeader];
      const codes = [...commonErrors(method, path, entry), ...(entry.errors ?? [])];
      op.responses = { ...op.responses, ...errorResponses([...new Set(codes)]) };
    }
  }
  const stale = Object.keys(catalog).filter((k) => !seen.has(k));
  if (missing.length > 0 || stale.length > 0) {
    throw new Error(
      `API catalog and routes disagree. Routes without an entry: ${missing.join(', ') || 'none'}. ` +
        `Entries without a route: ${stale.join(', ') || 'none'}.`,
    );
  }
  doc.components = {
    ...doc.components,
    schemas: { ...doc.components?.schemas, ErrorResponse: errorSchema },
  };
  return doc;
}
