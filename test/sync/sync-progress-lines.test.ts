/**
 * Progress lines end to end on the fake GitHub: a sync that ticks deliverables also keeps the
 * plan's own progress statements true, in the same commit; a second sync does nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parsePlan } from '../../src/plan/parse-plan.js';
import { renderSyncReport } from '../../src/report/render-sync-report.js';
import { readSeed } from '../helpers/read-fixture.js';
import {
  FULL_NAME,
  allActions,
  allResults,
  assertFakesClean,
  createPlanRepo,
} from '../helpers/fake-plan-repo.js';

afterEach(() => assertFakesClean());

const SEED = readSeed('axum-cloudflare-MILESTONES.md');
const CHECKPOINT = 'Checkpoint 1.1: Rust Axum Service Implementation';
const SEED_LINE = '**Overall Progress**: 0% (0/10 checkpoints completed)';

/**
 * Closes every issue of checkpoint 1.1 on GitHub, as a person would, and (`milestone`) the
 * milestone too: a milestone with a Status line is done when its Status line says so, and that
 * line follows the milestone's state on GitHub, not its issues.
 */
function closeCheckpoint(params: {
  repo: ReturnType<typeof createPlanRepo>;
  milestone: boolean;
}): void {
  const { repo } = params;
  const { plan } = parsePlan({ text: repo.fileText() });
  const milestone = plan.milestones.find((m) => m.title === CHECKPOINT);
  if (!milestone) throw new Error('checkpoint 1.1 missing');
  for (const item of milestone.items) {
    const issue = repo.issueByTitle(item.title);
    repo.fake.human.closeIssue({ repo: FULL_NAME, number: issue.number });
  }
  if (!params.milestone) return;
  const gh = [...repo.fake.repo(FULL_NAME).milestones.values()].find((m) => m.title === CHECKPOINT);
  if (!gh) throw new Error('milestone of checkpoint 1.1 missing on GitHub');
  repo.fake.human.closeMilestone({ repo: FULL_NAME, number: gh.number });
}

function contentWrites(repo: ReturnType<typeof createPlanRepo>) {
  return repo.fake.calls
    .writes()
    .filter((c) => c.route.startsWith('PUT /repos/{owner}/{repo}/contents/'));
}

describe('progress lines on sync', () => {
  it('a plan whose progress total is right: ticks, Status and progress land in one commit, then nothing to do', async () => {
    // The seed counts 10 checkpoints but lists 9 (the tenth is a template in a code block).
    const text = SEED.replace(SEED_LINE, '**Overall Progress**: 0% (0/9 checkpoints completed)');
    const repo = createPlanRepo(text);
    await repo.sync();
    expect(repo.fileText()).toBe(text);
    closeCheckpoint({ repo, milestone: true });
    repo.fake.calls.reset();

    const report = await repo.sync();
    expect(allResults(report).every((r) => r.outcome.status === 'ok')).toBe(true);
    expect(contentWrites(repo)).toHaveLength(1);
    const lines = repo.fileText().split('\n');
    expect(lines[7]).toBe('**Overall Progress**: 11% (1/9 checkpoints completed)');
    expect(lines[15]).toMatch(/^\*\*Status\*\*: ✅ COMPLETED on \d{4}-\d{2}-\d{2} {2}$/);
    expect(lines.slice(20, 24).every((l) => l.startsWith('- [x] '))).toBe(true);
    // Every other line is as it was.
    const before = text.split('\n');
    const changed = lines.flatMap((l, i) => (l === before[i] ? [] : [i + 1]));
    expect(changed).toEqual([8, 16, 21, 22, 23, 24]);

    const edit = allActions(report).find((a) => a.kind === 'edit-file');
    expect(edit?.kind === 'edit-file' && edit.changes.at(-1)).toEqual({
      kind: 'set-progress',
      line: 8,
      before: '0% (0/9)',
      after: '11% (1/9)',
    });
    const rendered = renderSyncReport({ report });
    expect(rendered).toContain('  - line 8: progress 0% (0/9) → 11% (1/9)');
    const put = contentWrites(repo)[0];
    expect(String((put?.body as { message?: string } | undefined)?.message)).toContain(
      '- line 8: progress 0% (0/9) → 11% (1/9)',
    );

    repo.fake.calls.reset();
    expect(allActions(await repo.sync())).toEqual([]);
    expect(repo.fake.calls.writes()).toEqual([]);
  });

  it('closing the issues alone: a count of tasks and a milestone’s own progress follow the ticks', async () => {
    const text = SEED.replace(SEED_LINE, '**Overall Progress**: 0% (0/36 tasks completed)').replace(
      '**Estimated Effort**: 4-6 hours\n\n**Deliverables**:',
      '**Estimated Effort**: 4-6 hours\n**Progress:** 0 of 4 done\n\n**Deliverables**:',
    );
    const repo = createPlanRepo(text);
    await repo.sync();
    closeCheckpoint({ repo, milestone: false });

    const report = await repo.sync();
    expect(allResults(report).every((r) => r.outcome.status === 'ok')).toBe(true);
    const lines = repo.fileText().split('\n');
    const before = text.split('\n');
    expect(lines[7]).toBe('**Overall Progress**: 11% (4/36 tasks completed)');
    expect(lines[18]).toBe('**Progress:** 4 of 4 done');
    // Its Status line follows the milestone on GitHub, which is still open.
    expect(lines[15]).toBe(before[15]);
    const changed = lines.flatMap((l, i) => (l === before[i] ? [] : [i + 1]));
    expect(changed).toEqual([8, 19, 22, 23, 24, 25]);
    expect(allActions(await repo.sync())).toEqual([]);
  });

  it('the axum seed as it is: its total of 10 matches neither count, so the line is left as written', async () => {
    const repo = createPlanRepo(SEED);
    await repo.sync();
    closeCheckpoint({ repo, milestone: true });

    const report = await repo.sync();
    expect(report.diagnostics).toContainEqual({
      line: 8,
      severity: 'info',
      rule: 'progress-total-mismatch',
      message:
        'Unexpected progress total 10 in line 8, expected 9 milestones or 36 deliverables; left as written',
    });
    const lines = repo.fileText().split('\n');
    expect(lines[7]).toBe(SEED_LINE);
    expect(lines[15]).toMatch(/^\*\*Status\*\*: ✅ COMPLETED on \d{4}-\d{2}-\d{2} {2}$/);
    expect(allActions(await repo.sync())).toEqual([]);
  });

  it('a progress line alone never gets a commit: a stale line waits for the next edit', async () => {
    const text = SEED.replace(SEED_LINE, '**Overall Progress**: 50% (3/9 checkpoints completed)');
    const repo = createPlanRepo(text);
    await repo.sync();
    repo.fake.calls.reset();
    expect(allActions(await repo.sync())).toEqual([]);
    expect(repo.fake.calls.writes()).toEqual([]);
    expect(repo.fileText()).toBe(text);
  });
});
