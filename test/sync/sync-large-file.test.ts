/**
 * A plan over 1 MB end to end on the fake GitHub: the contents API answers it without content,
 * read-github reads the blob instead, and the write-back of a >1 MB file (the contents PUT takes
 * up to 100 MB) ticks exactly one line and loses nothing.
 */
import { afterEach, expect, it } from 'vitest';
import { generatePlan } from '../../bench/generate-plan.js';
import { parsePlan } from '../../src/plan/parse-plan.js';
import {
  allActions,
  allResults,
  assertFakesClean,
  createPlanRepo,
} from '../helpers/fake-plan-repo.js';

afterEach(() => assertFakesClean());

it('syncs a ~2 MB plan: creates, a person closes an issue, the next sync ticks its line', async () => {
  const text = generatePlan({ bytes: 2 * 1024 * 1024, deliverables: 30, seed: 7 });
  expect(Buffer.byteLength(text)).toBeGreaterThan(1024 * 1024 + 1);
  const { plan } = parsePlan({ text });
  const repo = createPlanRepo(text);

  const first = await repo.sync();
  expect(allResults(first).filter((r) => r.outcome.status !== 'ok')).toEqual([]);
  expect(repo.fake.calls.count('GET /repos/{owner}/{repo}/git/blobs/{file_sha}')).toBe(1);
  expect(repo.issues().length).toBeGreaterThanOrEqual(30);
  expect(plan.milestones.length).toBeGreaterThan(0);

  const open = repo
    .issues()
    .find((issue) => issue.state === 'open' && issue.subIssueIds.length === 0);
  if (!open) throw new Error('the generated plan has no open leaf deliverable');
  repo.fake.human.closeIssue({ repo: 'acme/plan', number: open.number });

  const second = await repo.sync();
  expect(allResults(second).filter((r) => r.outcome.status !== 'ok')).toEqual([]);
  expect(allActions(second).map((a) => a.kind)).toContain('edit-file');
  const after = repo.fileText();
  const before = text.split('\n');
  const changed = after
    .split('\n')
    .flatMap((line, i) => (line === before[i] ? [] : [{ i, line, was: before[i] }]));
  // One line changed, the closed deliverable's; every other byte is the user's.
  expect(changed).toHaveLength(1);
  expect(changed[0]?.line).toContain(open.title);
  expect(after.split('\n')).toHaveLength(before.length);

  repo.fake.calls.reset();
  const third = await repo.sync();
  expect(allActions(third)).toEqual([]);
});
