import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The subset of an OpenAPI document the fake reads. */
export interface OpenApiDocument {
  paths?: Record<string, Record<string, unknown>>;
  webhooks?: Record<string, Record<string, unknown>>;
  components: {
    schemas: Record<string, unknown>;
    responses?: Record<string, unknown>;
    parameters?: Record<string, unknown>;
  };
}

const require = createRequire(import.meta.url);
const cache = new Map<string, OpenApiDocument>();

/**
 * Reads one JSON file of a spec package once per process. Only the
 * non-dereferenced files are used (13 MB REST, 4.8 MB webhooks): `$ref`s are
 * resolved lazily per operation by `openapi-validator.ts`. Importing the
 * packages' index would parse every variant (hundreds of MB), so never do that.
 */
function loadJson(specifier: string): OpenApiDocument {
  let doc = cache.get(specifier);
  if (!doc) {
    doc = JSON.parse(readFileSync(require.resolve(specifier), 'utf8')) as OpenApiDocument;
    cache.set(specifier, doc);
  }
  return doc;
}

/** GitHub's REST API description for api.github.com, from `@octokit/openapi`. */
export function loadRestSpec(): OpenApiDocument {
  return loadJson('@octokit/openapi/generated/api.github.com.json');
}

/** GitHub's webhook payload description for api.github.com, from `@octokit/openapi-webhooks`. */
export function loadWebhooksSpec(): OpenApiDocument {
  return loadJson('@octokit/openapi-webhooks/generated/api.github.com.json');
}
