import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatConfigJsonSchema } from '../../src/app/build-config-json-schema.js';
import { REPO_CONFIG_EXPECTED } from '../../src/app/repo-config-schema.js';
import { DEFAULT_REPO_SETTINGS, parseRepoSettings } from '../../src/app/repo-settings.js';
import { DEFAULT_MAX_BYTES } from '../../src/plan/plan-config-schema.js';
import { validatePlanConfig } from '../../src/plan/validate-plan-config.js';
import { SCHEMA_JSON_URL, compileConfigJsonSchema } from '../helpers/compile-config-json-schema.js';

const schema = compileConfigJsonSchema();

describe('schema.json', () => {
  it('is what `npm run schema` writes from the zod schemas (run it after changing them)', () => {
    expect(readFileSync(SCHEMA_JSON_URL, 'utf8')).toBe(formatConfigJsonSchema());
  });

  it('describes every key of the repository file, with the defaults the app applies', () => {
    const json = JSON.parse(formatConfigJsonSchema()) as {
      title: string;
      properties: Record<string, { description?: string; default?: unknown }>;
    };
    expect(json.title).toMatch(/milestone-sync/);
    expect(Object.keys(json.properties).sort()).toEqual(
      [...Object.keys(REPO_CONFIG_EXPECTED), '_extends'].sort(),
    );
    for (const [key, property] of Object.entries(json.properties)) {
      expect(property.description, key).toMatch(/\w{3}/);
    }
    expect(json.properties.dryRun?.default).toBe(DEFAULT_REPO_SETTINGS.dryRun);
    expect(json.properties.maxCloseShare?.default).toBe(DEFAULT_REPO_SETTINGS.sync.maxCloseShare);
    expect(json.properties.priorityLabelPrefix?.default).toBe(
      DEFAULT_REPO_SETTINGS.sync.priorityLabelPrefix,
    );
    expect(json.properties.sectionLabelPrefix?.default).toBe(
      DEFAULT_REPO_SETTINGS.sync.sectionLabelPrefix,
    );
    expect(json.properties.maxBytes?.default).toBe(DEFAULT_MAX_BYTES);
  });
});

/** Per key, values at and across its limits. */
const nearLimits: Record<string, unknown[]> = {
  path: ['MILESTONES.md', 'ROADMAP.md', 'PLAN.md', 'docs/plan.md', 'docs/a/b.md', 'notes.md', ''],
  dryRun: [true, false, 'true', 0],
  maxCloseShare: [0, 0.5, 1, 1.0001, -0.0001, 2, '0.5'],
  priorityLabelPrefix: ['', 'prio/', 'a\nb', 'a\rb', 'x'.repeat(40), 'x'.repeat(41)],
  sectionLabelPrefix: ['plan: ', 'x'.repeat(40), 'x'.repeat(41), 'a\n'],
  milestoneLevel: [1, 6, 0, 7, 2.5, '3'],
  titlePattern: ['^M', '', '((', '[', '\\p{L}', '\\Z', '(?<n>a)'],
  startDate: [
    '2026-01-05',
    '2024-02-29',
    '2025-02-29',
    '2026-13-01',
    '2026-1-5',
    '2026-01-05T00:00',
  ],
  maxBytes: [1, 0, -1, 1.5, 1048576, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2],
};
/** Any YAML kind of value. */
const anyValue = fc.oneof(
  fc.constantFrom(true, false, null, [], ['a'], {}, { a: 1 }),
  fc.string({ maxLength: 8 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const anyKey = fc.constantFrom(...Object.keys(REPO_CONFIG_EXPECTED), 'dryrun', 'plan', 'Path');
const valueFor = (key: string) =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...(nearLimits[key] ?? [1])), weight: 3 },
    { arbitrary: anyValue, weight: 1 },
  );
/** One key and a value near its limits. */
const oneKey = anyKey.chain((key) => valueFor(key).map((value) => ({ [key]: value })));
/** Several keys. */
const someKeys = fc
  .uniqueArray(anyKey, { maxLength: 4 })
  .chain((keys) =>
    fc
      .tuple(...keys.map(valueFor))
      .map((values) => Object.fromEntries(keys.map((key, i) => [key, values[i]]))),
  );

describe('schema.json and the parser agree', () => {
  it('on every repository file: valid for ajv exactly when parseRepoSettings finds no problem', () => {
    fc.assert(
      fc.property(fc.oneof(oneKey, someKeys), (file) => {
        const problems = parseRepoSettings(file).problems;
        expect(schema.repoFile(file), problems.join('; ')).toBe(problems.length === 0);
      }),
      { numRuns: 300 },
    );
  });

  it('on every front matter config: valid for ajv exactly when validatePlanConfig finds no problem', () => {
    fc.assert(
      fc.property(fc.oneof(oneKey, someKeys), (config) => {
        const problems = validatePlanConfig(config).problems;
        const valid = schema.frontMatter({ title: 'Plan', 'milestone-sync': config });
        expect(valid, problems.join('; ')).toBe(problems.length === 0);
      }),
      { numRuns: 300 },
    );
  });
});
