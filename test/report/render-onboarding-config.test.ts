import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_CONFIG_EXPECTED } from '../../src/app/repo-config-schema.js';
import { DEFAULT_REPO_SETTINGS, parseRepoSettings } from '../../src/app/repo-settings.js';
import {
  onboardingConfigKeys,
  renderOnboardingConfig,
} from '../../src/report/render-onboarding-config.js';
import { compileConfigJsonSchema } from '../helpers/compile-config-json-schema.js';

const schema = compileConfigJsonSchema();

/** The file with every commented-out key line turned on. */
function uncommentKeys(text: string): string {
  return text.replace(/^# ([A-Za-z_]+): /gm, '$1: ');
}

describe('renderOnboardingConfig', () => {
  it('sets path and nothing else; parses back with the app’s parser and schema.json', () => {
    const text = renderOnboardingConfig({ path: 'ROADMAP.md', extendsOwner: null });
    const data: unknown = parse(text);
    expect(data).toEqual({ path: 'ROADMAP.md' });
    expect(parseRepoSettings(data)).toEqual({
      settings: { ...DEFAULT_REPO_SETTINGS, path: 'ROADMAP.md' },
      problems: [],
    });
    expect(schema.repoFile(data)).toBe(true);
  });

  it('lists every other key of the schema, but onboarding, commented out under a one-line description', () => {
    const keys = Object.keys(REPO_CONFIG_EXPECTED).filter(
      (key) => key !== 'path' && key !== 'onboarding',
    );
    expect(onboardingConfigKeys()).toEqual(keys);
    const text = renderOnboardingConfig({ path: 'MILESTONES.md', extendsOwner: null });
    const lines = text.split('\n');
    for (const key of keys) {
      const at = lines.findIndex((line) => line.startsWith(`# ${key}: `));
      expect(at, key).toBeGreaterThan(0);
      expect(lines[at - 1], key).toMatch(/^# \S.*\S$/);
      expect(lines[at + 1], key).toBe('');
    }
    expect(text).not.toMatch(/onboarding:/);
  });

  it('the commented values are the defaults (or valid examples): uncommented, they validate and change nothing that has a default', () => {
    const text = uncommentKeys(renderOnboardingConfig({ path: 'PLAN.md', extendsOwner: null }));
    const data = parse(text) as Record<string, unknown>;
    expect(Object.keys(data)).toEqual(['path', ...onboardingConfigKeys()]);
    const { settings, problems } = parseRepoSettings(data);
    expect(problems).toEqual([]);
    expect(schema.repoFile(data)).toBe(true);
    expect({ ...settings, plan: {} }).toEqual({ ...DEFAULT_REPO_SETTINGS, path: 'PLAN.md' });
    expect(settings.plan).toMatchObject({ maxBytes: 10 * 1024 * 1024 });
  });

  it('quotes a path YAML would misread, and keeps the owner’s settings with _extends', () => {
    const path = 'docs/plan #2: next.md';
    const text = renderOnboardingConfig({ path, extendsOwner: 'acme' });
    const data = parse(text) as Record<string, unknown>;
    expect(data).toEqual({ _extends: '.github', path });
    expect(text).toContain("# Keep the keys of acme's .github repository");
    expect(schema.repoFile(data)).toBe(true);
    // Probot's config plugin removes _extends before the app checks the file.
    delete data._extends;
    expect(parseRepoSettings(data).problems).toEqual([]);
  });
});
