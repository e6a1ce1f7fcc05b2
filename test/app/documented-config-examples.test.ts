import { readFileSync, readdirSync } from 'node:fs';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseRepoSettings } from '../../src/app/repo-settings.js';
import { validatePlanConfig } from '../../src/plan/validate-plan-config.js';
import { compileConfigJsonSchema } from '../helpers/compile-config-json-schema.js';

const root = new URL('../../', import.meta.url);

/** README.md and every Markdown file under docs/, as paths from the repository root. */
function documentationFiles(): string[] {
  const docs = readdirSync(new URL('docs/', root), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`);
  return ['README.md', ...docs.sort()];
}

interface Example {
  where: string;
  kind: 'repository file' | 'front matter';
  yaml: string;
}

/**
 * Every ```yaml / ```yml code block of the documentation is a config example: a block opening
 * with `---` is a plan's front matter, any other one `.github/milestone-sync.yml`.
 */
function documentedExamples(): Example[] {
  const examples: Example[] = [];
  for (const file of documentationFiles()) {
    const tree = unified()
      .use(remarkParse)
      .parse(readFileSync(new URL(file, root), 'utf8'));
    const visit = (node: {
      type: string;
      lang?: string | null;
      value?: string;
      position?: { start: { line: number } };
      children?: unknown[];
    }): void => {
      if (node.type === 'code' && /^ya?ml$/i.test(node.lang ?? '')) {
        const text = node.value ?? '';
        const frontMatter = /^---\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)\s*$/.exec(text);
        examples.push({
          where: `${file}:${node.position?.start.line ?? 0}`,
          kind: frontMatter ? 'front matter' : 'repository file',
          yaml: frontMatter ? (frontMatter[1] ?? '') : text,
        });
      }
      for (const child of node.children ?? []) visit(child as typeof node);
    };
    visit(tree);
  }
  return examples;
}

const examples = documentedExamples();
const schema = compileConfigJsonSchema();

describe('documented config examples', () => {
  it('include the README’s repository file and front matter', () => {
    const readme = examples.filter((example) => example.where.startsWith('README.md:'));
    expect(readme.map((example) => example.kind).sort()).toEqual([
      'front matter',
      'repository file',
    ]);
  });

  it.each(examples)('$where ($kind) validates against schema.json and the parser', (example) => {
    const data: unknown = parse(example.yaml);
    if (example.kind === 'front matter') {
      expect(schema.frontMatter(data), JSON.stringify(schema.frontMatter.errors)).toBe(true);
      const config = (data as Record<string, unknown>)['milestone-sync'];
      expect(config).toBeTypeOf('object');
      expect(validatePlanConfig(config).problems).toEqual([]);
    } else {
      expect(schema.repoFile(data), JSON.stringify(schema.repoFile.errors)).toBe(true);
      expect(Object.keys(data as object).length).toBeGreaterThan(0);
      expect(parseRepoSettings(data).problems).toEqual([]);
    }
  });
});
