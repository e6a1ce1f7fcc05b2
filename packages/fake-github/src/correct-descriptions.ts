/**
 * Where GitHub answers differently from its own OpenAPI descriptions, the fake renders what GitHub
 * sends and validates it against a corrected schema: each correction rewrites one component schema
 * (by name) before it is compiled. Keep this list short, each entry with its source.
 */
export type SchemaCorrection = (schema: Record<string, unknown>) => Record<string, unknown>;

/**
 * A pull request's `head.repo` is null once the fork it came from is deleted; the descriptions
 * require a repository (https://github.com/github/rest-api-description/issues/161).
 */
const nullableHeadRepo: SchemaCorrection = (schema) => {
  const properties = schema.properties as Record<string, Record<string, unknown>>;
  const head = properties.head as { properties: Record<string, unknown> };
  return {
    ...schema,
    properties: {
      ...properties,
      head: {
        ...head,
        properties: {
          ...head.properties,
          repo: { anyOf: [head.properties.repo, { type: 'null' }] },
        },
      },
    },
  };
};

/** Corrections to @octokit/openapi's api.github.com.json. */
export const REST_CORRECTIONS: Record<string, SchemaCorrection> = {
  'pull-request': nullableHeadRepo,
  'pull-request-simple': nullableHeadRepo,
};

/** Corrections to @octokit/openapi-webhooks' api.github.com.json. */
export const WEBHOOK_CORRECTIONS: Record<string, SchemaCorrection> = {
  'pull-request': nullableHeadRepo,
};
