import { z } from 'zod';
import { repoConfigSchema } from '../app/repo-config-schema.js';
import { oneLine } from './comment-text.js';

/** Keys the onboarding file leaves out: `path` is written, `onboarding` only means something in the owner's file. */
const LEFT_OUT = new Set(['path', 'onboarding']);

/** A value to show for keys that have no default (unset means "decided by the plan"). */
const EXAMPLES: Record<string, string> = {
  milestoneLevel: '3',
  titlePattern: '"^Milestone"',
  startDate: '2026-01-05',
};

interface KeyDoc {
  key: string;
  description: string;
  /** The default as YAML, or null when the key has none. */
  value: string | null;
}

let documented: KeyDoc[] | undefined;

/** Every key of the repository config with its one-line description and default, in schema order. */
function documentedKeys(): KeyDoc[] {
  documented ??= Object.entries(
    (z.toJSONSchema(repoConfigSchema, { io: 'input' }).properties ?? {}) as Record<
      string,
      { description?: string; default?: unknown }
    >,
  ).map(([key, property]) => ({
    key,
    description: oneLine(property.description ?? ''),
    value: property.default === undefined ? null : yamlScalar(property.default),
  }));
  return documented;
}

/**
 * The `.github/milestone-sync.yml` an onboarding pull request adds: `path` set to the plan file
 * that was found, then every other key of the repository config commented out at its default
 * (or, for a key with none, an example) under its one-line description, so the file documents
 * itself. With `extendsOwner` (the settings came from the owner's `.github` repository), the file
 * starts with `_extends: .github`: a repository's own file replaces the owner's, and this keeps
 * the owner's keys (Probot's config plugin reads and removes `_extends`). Pure; the result parses
 * back with the app's parser to `{ path }` (plus `_extends`).
 */
export function renderOnboardingConfig(params: {
  path: string;
  /** The owner's login when the owner's `.github` repository holds the settings; else null. */
  extendsOwner: string | null;
}): string {
  const out = [
    '# milestone-sync settings for this repository. With this file on the default branch,',
    '# milestone-sync keeps the plan file below and the milestones and issues in step, both ways.',
    '# Every key but `path` is commented out at its default: remove the `#` to change one.',
    '',
  ];
  if (params.extendsOwner !== null) {
    out.push(
      `# Keep the keys of ${params.extendsOwner}'s .github repository (its .github/milestone-sync.yml); keys here override them.`,
      '_extends: .github',
      '',
    );
  }
  out.push(
    '# The plan file, found on the default branch: MILESTONES.md, ROADMAP.md, PLAN.md, a root Markdown file named like a plan (PHASES.md…) or docs/<name>.md.',
    `path: ${yamlScalar(params.path)}`,
  );
  for (const doc of documentedKeys()) {
    if (LEFT_OUT.has(doc.key)) continue;
    const value = doc.value ?? EXAMPLES[doc.key] ?? '';
    const note = doc.value === null ? ' Not set by default; for example:' : '';
    out.push('', `# ${doc.description}${note}`, `# ${doc.key}: ${value}`);
  }
  return `${out.join('\n')}\n`;
}

/** The keys the file shows commented out (for tests: every key but the left-out ones). */
export function onboardingConfigKeys(): string[] {
  return documentedKeys()
    .map((doc) => doc.key)
    .filter((key) => !LEFT_OUT.has(key));
}

/** A YAML scalar: plain when unambiguous, else a JSON (double-quoted YAML) string. */
function yamlScalar(value: unknown): string {
  if (typeof value === 'string')
    return /^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value);
}
