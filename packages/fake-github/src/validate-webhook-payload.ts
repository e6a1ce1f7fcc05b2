import { WEBHOOK_CORRECTIONS } from './correct-descriptions.js';
import { loadWebhooksSpec } from './load-openapi-spec.js';
import { OpenApiValidator } from './openapi-validator.js';
import type { SchemaCheck } from './validate-openapi.js';

let validator: OpenApiValidator | undefined;

/**
 * Key of a payload in `@octokit/openapi-webhooks`: `<event>-<action>` with
 * underscores as dashes (`pull_request` + `opened` → `pull-request-opened`),
 * or just the event for action-less events (`push`).
 */
export function webhookKey(params: { event: string; action?: unknown }): string {
  const event = params.event.replace(/_/g, '-');
  return typeof params.action === 'string' ? `${event}-${params.action.replace(/_/g, '-')}` : event;
}

/** Validates a webhook payload against `webhooks[key].post.requestBody` of the webhooks description. */
export function validateWebhookPayload(params: {
  event: string;
  payload: Record<string, unknown>;
}): SchemaCheck {
  const doc = loadWebhooksSpec();
  validator ??= new OpenApiValidator(doc, 'webhooks', WEBHOOK_CORRECTIONS);
  const key = webhookKey({ event: params.event, action: params.payload.action });
  const post = doc.webhooks?.[key]?.post as
    { requestBody?: { content?: Record<string, { schema?: unknown }> } } | undefined;
  const schema = post?.requestBody?.content?.['application/json']?.schema;
  if (schema === undefined) {
    return {
      valid: false,
      errors: [],
      message: `no webhook "${key}" in @octokit/openapi-webhooks`,
    };
  }
  const outcome = validator.validate({ cacheKey: key, schema, data: params.payload });
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
