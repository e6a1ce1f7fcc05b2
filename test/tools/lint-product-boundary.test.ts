import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * eslint.config.js keeps src/ (the published product) from importing the source checkout: the
 * fake GitHub package, bench/, tools/, test/. Linted as text under a path in src/ or outside it.
 */
const eslint = new ESLint();

async function restrictedLines(params: { filePath: string; code: string }): Promise<number[]> {
  const [result] = await eslint.lintText(params.code, { filePath: params.filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax')
    .map((m) => m.line);
}

const CODE = [
  "import { createFakeGitHub } from '@milestone-sync/fake-github';",
  "import { GITHUB_LIMITS } from '@milestone-sync/fake-github/internal/check-limits.js';",
  "import { readSeeds } from '../../bench/read-seeds.js';",
  "import { main } from '../../tools/demo.js';",
  "export { readFixture } from '../../test/helpers/read-fixture.js';",
  "import { computeBlobSha } from '../../packages/fake-github/src/compute-git-sha.js';",
  "export const loaded = import('../../tools/check-plans.js');",
  "import { parsePlan } from '../plan/parse-plan.js';",
  "import { Octokit } from '@octokit/rest';",
  'export const used = [createFakeGitHub, GITHUB_LIMITS, readSeeds, main, computeBlobSha, parsePlan, Octokit];',
  '',
].join('\n');

describe('lint: src/ imports only src/ and dependencies', () => {
  it('flags each import of the fake, bench/, tools/, test/ or packages/ from src/, import() too', async () => {
    expect(await restrictedLines({ filePath: 'src/cli/boundary.ts', code: CODE })).toEqual([
      1, 2, 3, 4, 5, 6, 7,
    ]);
  });

  it('lets the source checkout import them', async () => {
    expect(await restrictedLines({ filePath: 'tools/boundary.ts', code: CODE })).toEqual([]);
  });
});
