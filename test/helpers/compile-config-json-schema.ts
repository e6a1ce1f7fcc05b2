import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import * as ajvFormats from 'ajv-formats';

type FormatsPlugin = (ajv: Ajv2020) => Ajv2020;
const addFormats = ((ajvFormats as unknown as { default?: FormatsPlugin }).default ??
  (ajvFormats as unknown as FormatsPlugin)) as FormatsPlugin;

/** schema.json as committed at the repository root. */
export const SCHEMA_JSON_URL = new URL('../../schema.json', import.meta.url);

/**
 * Compiles the committed schema.json with ajv (strict, draft 2020-12, formats as editors check
 * them): `repoFile` validates `.github/milestone-sync.yml`, `frontMatter` a plan's front matter.
 */
export function compileConfigJsonSchema(): {
  repoFile: ValidateFunction;
  frontMatter: ValidateFunction;
} {
  const schema = JSON.parse(readFileSync(SCHEMA_JSON_URL, 'utf8')) as Record<string, unknown>;
  const ajv = addFormats(new Ajv2020({ strict: true, allErrors: true }));
  // JSON Schema's `regex` format is "ECMA-262"; ajv-formats compiles without flags, the app with
  // `u` (find-milestones.ts), which refuses a few more patterns (`\Z`, `\-` outside a class).
  ajv.addFormat('regex', (text: string) => {
    try {
      new RegExp(text, 'u');
      return true;
    } catch {
      return false;
    }
  });
  ajv.addSchema(schema, 'schema.json');
  return {
    repoFile: ajv.getSchema('schema.json') as ValidateFunction,
    frontMatter: ajv.compile({ $ref: 'schema.json#/$defs/frontMatter' }),
  };
}
