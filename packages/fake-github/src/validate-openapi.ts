import type { ErrorObject } from 'ajv';
import { REST_CORRECTIONS } from './correct-descriptions.js';
import { loadRestSpec } from './load-openapi-spec.js';
import { OpenApiValidator, describeErrors } from './openapi-validator.js';

let validator: OpenApiValidator | undefined;

/** Lazy per-process singleton over `@octokit/openapi`'s api.github.com.json. */
function restValidator(): OpenApiValidator {
  validator ??= new OpenApiValidator(loadRestSpec(), 'rest', REST_CORRECTIONS);
  return validator;
}

interface OperationObject {
  operationId?: string;
  externalDocs?: { url?: string };
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, unknown>;
}

export interface OperationInfo {
  operationId: string;
  docsUrl: string;
}

function operation(params: { method: string; template: string }): OperationObject | undefined {
  const pathItem = loadRestSpec().paths?.[params.template];
  return pathItem?.[params.method.toLowerCase()] as OperationObject | undefined;
}

/** Operation id and docs link for `METHOD template`, or undefined if GitHub has no such operation. */
export function findOperation(params: {
  method: string;
  template: string;
}): OperationInfo | undefined {
  const op = operation(params);
  if (!op) return undefined;
  return {
    operationId: op.operationId ?? '',
    docsUrl: op.externalDocs?.url ?? 'https://docs.github.com/rest',
  };
}

export interface SchemaCheck {
  valid: boolean;
  errors: ErrorObject[];
  /** Human-readable, GitHub-422 style. Empty when valid. */
  message: string;
}

function jsonSchemaOf(content: Record<string, { schema?: unknown }> | undefined): unknown {
  if (!content) return undefined;
  const entry =
    content['application/json'] ??
    Object.entries(content).find(([type]) => type.includes('json'))?.[1];
  return entry?.schema;
}

/** Validates a request body against the operation's `requestBody` JSON schema. */
export function validateRequestBody(params: {
  method: string;
  template: string;
  body: unknown;
}): SchemaCheck {
  const op = operation(params);
  const schema = jsonSchemaOf(op?.requestBody?.content);
  if (schema === undefined) return { valid: true, errors: [], message: '' };
  const outcome = restValidator().validate({
    cacheKey: `${params.method} ${params.template} request`,
    schema,
    data: params.body,
  });
  return {
    ...outcome,
    message: outcome.valid ? '' : describeErrors({ errors: outcome.errors, data: params.body }),
  };
}

/**
 * Validates a response body against the schema GitHub documents for that
 * status. Statuses the operation does not document (e.g. a 403 rate limit
 * or an injected 502) are not checked and count as valid.
 */
export function validateResponseBody(params: {
  method: string;
  template: string;
  status: number;
  body: unknown;
}): SchemaCheck {
  const op = operation(params);
  const response = op?.responses?.[String(params.status)];
  if (response === undefined) return { valid: true, errors: [], message: '' };
  const resolved = restValidator().resolve(response) as
    { content?: Record<string, { schema?: unknown }> } | undefined;
  const schema = jsonSchemaOf(resolved?.content);
  if (schema === undefined) {
    const empty = params.body === undefined || params.body === '' || params.body === null;
    return empty
      ? { valid: true, errors: [], message: '' }
      : {
          valid: false,
          errors: [],
          message: `status ${params.status} is documented without a body, but one was sent`,
        };
  }
  const outcome = restValidator().validate({
    cacheKey: `${params.method} ${params.template} ${params.status}`,
    schema,
    data: params.body,
  });
  return {
    ...outcome,
    message: outcome.valid
      ? ''
      : outcome.errors
          .map(
            (e) => `${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
          )
          .join('; '),
  };
}
