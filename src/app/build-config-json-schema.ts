import { z } from 'zod';
import { planConfigSchema } from '../plan/plan-config-schema.js';
import { repoConfigSchema } from './repo-config-schema.js';

/**
 * The JSON Schema (draft 2020-12) of `.github/milestone-sync.yml`, published as `schema.json` at
 * the repository root for editors (yaml-language-server, JSON Schema Store style). Generated from
 * the zod schemas the app parses with, as input (defaults make keys optional, and are shown).
 * `$defs.frontMatter` describes a plan file's front matter (only its `milestone-sync` key is
 * ours). `_extends` is added: Probot's config plugin reads and removes it before the app sees the
 * file (https://github.com/probot/octokit-plugin-config#extends).
 * https://zod.dev/json-schema
 */
function buildConfigJsonSchema(): Record<string, unknown> {
  const repo = z.toJSONSchema(repoConfigSchema, { io: 'input' });
  const { $schema: _unused, ...plan } = z.toJSONSchema(planConfigSchema, { io: 'input' });
  const { $schema, title, description, ...rest } = repo;
  return {
    $schema,
    title,
    description,
    ...rest,
    properties: {
      ...(rest.properties as Record<string, unknown>),
      _extends: {
        description:
          'Inherit the keys of another repository’s file, overriding them here: "repo", "owner/repo" or "owner/repo:path/file.yml".',
        type: 'string',
      },
    },
    $defs: {
      frontMatter: {
        title: 'milestone-sync front matter',
        description:
          'A plan file’s YAML front matter: other keys belong to other tools and are left alone.',
        type: 'object',
        properties: { 'milestone-sync': plan },
      },
    },
  };
}

/** `schema.json` as written: two-space JSON and a final newline. */
export function formatConfigJsonSchema(): string {
  return `${JSON.stringify(buildConfigJsonSchema(), null, 2)}\n`;
}
