import { describe, expect, it } from 'vitest';
import { generatePlan } from '../../bench/generate-plan.js';
import { parsePlan } from '../../src/plan/parse-plan.js';
import type { Diagnostic } from '../../src/plan/plan-types.js';
import { compareMilestoneProgress } from '../../src/report/compare-milestone-progress.js';
import {
  GITHUB_BODY_LIMIT,
  ONBOARDING_MARKER,
  renderOnboardingPr,
} from '../../src/report/render-onboarding-pr.js';
import type { PrPreview } from '../../src/report/render-pr-preview.js';
import { PREVIEW_BUDGET } from '../../src/report/render-pr-preview.js';
import { planActions } from '../../src/sync/plan-actions.js';
import type { SyncReport } from '../../src/sync/sync-repo.js';
import type { Action } from '../../src/sync/sync-types.js';
import { DEFAULT_SYNC_CONFIG } from '../../src/sync/sync-types.js';

const CONFIG = '.github/milestone-sync.yml';

function preview(params: {
  text: string;
  diagnostics?: Diagnostic[];
}): Extract<PrPreview, { kind: 'preview' }> {
  const { plan } = parsePlan({ text: params.text });
  const planned = planActions({
    plan,
    github: {
      repo: { owner: 'acme', repo: 'plan' },
      defaultBranch: 'main',
      file: { path: 'MILESTONES.md', sha: 'abc', text: params.text, ref: 'main' },
      milestones: [],
      issues: [],
      labels: [],
    },
    config: { ...DEFAULT_SYNC_CONFIG, today: '2026-01-01' },
  });
  const report: SyncReport = {
    repo: { owner: 'acme', repo: 'plan' },
    path: 'MILESTONES.md',
    dryRun: true,
    diagnostics: params.diagnostics ?? [],
    plan,
    runs: [
      {
        planned,
        results: planned.actions.map((action: Action) => ({
          action,
          outcome: { status: 'dry-run' as const },
        })),
      },
    ],
  };
  return {
    kind: 'preview',
    headSha: '0123456789abcdef0123456789abcdef01234567',
    report,
    progress: compareMilestoneProgress({ before: null, after: plan }),
    milestoneTitles: {},
    notes: [],
  };
}

const SMALL = '# Plan\n\n## M1 — Start\n\n- [ ] First thing\n- [x] Done thing\n';

describe('renderOnboardingPr', () => {
  it('says what merging turns on, the first sync’s counts, its details folded, how to decline', () => {
    const body = renderOnboardingPr({
      preview: preview({ text: SMALL }),
      configPath: CONFIG,
      planSource: 'default',
      extendsOwner: null,
    });
    expect(
      body.startsWith(
        `${ONBOARDING_MARKER}\n## milestone-sync is ready to sync \`MILESTONES.md\`\n`,
      ),
    ).toBe(true);
    expect(body).toContain('`MILESTONES.md` (found on the default branch)');
    expect(body).toContain('**Merging would: 3 create**');
    expect(body).toContain('<details><summary>The first sync in detail</summary>');
    expect(body).toContain('- issue “Done thing” in “M1 — Start” (closed: done in the plan)');
    expect(body).toContain('| M1 — Start | — | 1/2 (50%) |');
    expect(body).toContain('Close this pull request: milestone-sync will not open it again.');
    expect(body).not.toContain('_extends');
    // No commit sha or time: an unchanged preview renders the same body.
    expect(body).not.toContain('0123456');
  });

  it('names the owner’s config when the path and settings come from it', () => {
    const body = renderOnboardingPr({
      preview: preview({ text: SMALL }),
      configPath: CONFIG,
      planSource: 'config',
      extendsOwner: 'acme',
    });
    expect(body).toContain("`MILESTONES.md` (the `path` of acme's .github repository)");
    expect(body).toContain(
      "It keeps the settings of acme's .github repository (`_extends: .github`)",
    );
  });

  it('a plan GitHub already agrees with: no details to fold', () => {
    const body = renderOnboardingPr({
      preview: preview({ text: '# Notes\n\nNo deliverables.\n' }),
      configPath: CONFIG,
      planSource: 'default',
      extendsOwner: null,
    });
    expect(body).toContain('**Merging changes no milestone or issue.**');
    expect(body).not.toContain('<details>');
  });

  it('a generated 10,000-deliverable plan with 3,000 diagnostics stays far under GitHub’s limit', () => {
    const diagnostics: Diagnostic[] = Array.from({ length: 3000 }, (_, i) => ({
      line: i + 1,
      severity: 'warning',
      message: `Unexpected ${'x'.repeat(300)}, expected y`,
      rule: 'r',
    }));
    const body = renderOnboardingPr({
      preview: preview({ text: generatePlan({ deliverables: 10_000, seed: 7 }), diagnostics }),
      configPath: CONFIG,
      planSource: 'default',
      extendsOwner: 'acme',
    });
    expect(body.length).toBeLessThanOrEqual(PREVIEW_BUDGET + 2_000);
    expect(body.length).toBeLessThan(GITHUB_BODY_LIMIT * 0.7);
    expect(body).toMatch(/\*\*Merging would: \d{5} create\*\*/);
    expect(body).toContain('#### Plan diagnostics (3000)');
    expect(body.trimEnd().endsWith('</sub>')).toBe(true);
  });
});
