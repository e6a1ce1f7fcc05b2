import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { variablesInReadme } from '../helpers/readme-variables.js';

/**
 * The README's "Environment variables" table lists every variable src/ reads. Reads are found as
 * text: `env.NAME`, `env['NAME']`, `env('NAME')` and `value('NAME')` (serve's helpers),
 * `envName: 'NAME'` (sync's options), and the names in a `…_VARIABLES = [...]` list.
 */

const ROOT = join(import.meta.dirname, '..', '..');

const READS = [
  /\benv\.([A-Z][A-Z0-9_]*)\b/g,
  /\benv\[['"]([A-Z][A-Z0-9_]*)['"]\]/g,
  /\b(?:env|value)\(['"]([A-Z][A-Z0-9_]*)['"]\)/g,
  /\benvName: ['"]([A-Z][A-Z0-9_]*)['"]/g,
];

function variablesReadIn(text: string): string[] {
  const names = new Set<string>();
  for (const pattern of READS) {
    for (const match of text.matchAll(pattern)) names.add(match[1] as string);
  }
  for (const list of text.matchAll(/_VARIABLES = \[([^\]]*)\]/g)) {
    for (const match of (list[1] as string).matchAll(/['"]([A-Z][A-Z0-9_]*)['"]/g)) {
      names.add(match[1] as string);
    }
  }
  return [...names].sort();
}

function variablesReadBySource(): string[] {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) {
        for (const name of variablesReadIn(readFileSync(path, 'utf8'))) names.add(name);
      }
    }
  };
  walk(join(ROOT, 'src'));
  return [...names].sort();
}

describe('environment variables', () => {
  it('finds reads in the forms src/ uses', () => {
    const text = [
      "const a = env.APP_ID; const b = params.env.GITHUB_TOKEN; process.env['NODE_ENV'];",
      "value('WEBHOOK_SECRET'); env('GHE_HOST'); envName: 'MILESTONE_SYNC_TIMEOUT',",
      "const SETUP_VARIABLES = [\n  'GH_ORG',\n  'NO_SMEE_SETUP',\n] as const;",
      "env.toString(); value('lower');",
    ].join('\n');
    expect(variablesReadIn(text)).toEqual([
      'APP_ID',
      'GHE_HOST',
      'GH_ORG',
      'GITHUB_TOKEN',
      'MILESTONE_SYNC_TIMEOUT',
      'NODE_ENV',
      'NO_SMEE_SETUP',
      'WEBHOOK_SECRET',
    ]);
  });

  it('the README table lists every variable src/ reads', () => {
    const read = variablesReadBySource();
    // The scan finds the serve, setup and sync variables (it is not vacuous).
    expect(read).toEqual(
      expect.arrayContaining(['APP_ID', 'GITHUB_TOKEN', 'WEBHOOK_PROXY_URL', 'GH_ORG']),
    );
    const documented = variablesInReadme();
    expect(read.filter((name) => !documented.includes(name))).toEqual([]);
  });
});
