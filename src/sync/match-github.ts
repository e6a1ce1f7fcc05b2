import type { Item, Milestone, Plan } from '../plan/plan-types.js';
import { slugify } from '../plan/normalize-title.js';
import type { GithubIssue, GithubMilestone, GithubSnapshot, Marker } from './sync-types.js';
import { matchBySimilarity } from './match-by-similarity.js';
import { issueTitleOf, milestoneTitleOf } from './issue-title.js';

/**
 * Which GitHub milestone and issue each part of the plan is (the "match" verb of planning). Pure.
 */

/** A deliverable with where it sits in the plan. */
export interface PlanEntry {
  item: Item;
  milestone: Milestone | null;
  parent: Item | null;
}

export function flattenPlan(plan: Plan): PlanEntry[] {
  const out: PlanEntry[] = [];
  const visit = (items: Item[], milestone: Milestone | null, parent: Item | null) => {
    for (const item of items) {
      out.push({ item, milestone, parent });
      visit(item.children, milestone, item);
    }
  };
  for (const milestone of plan.milestones) visit(milestone.items, milestone, null);
  visit(plan.items, null, null);
  return out;
}

/** Milestone matching: marker key, then the same title (GitHub titles are unique), then rename. */
export function matchMilestones(params: {
  plan: Plan;
  github: GithubSnapshot;
  path: string;
}): Map<Milestone, GithubMilestone> {
  const { plan, github, path } = params;
  const result = new Map<Milestone, GithubMilestone>();
  const used = new Set<number>();
  const byKey = new Map<string, GithubMilestone>();
  for (const gh of github.milestones) if (gh.marker?.file === path) byKey.set(gh.marker.key, gh);
  for (const milestone of plan.milestones) {
    const gh = byKey.get(milestone.key);
    if (gh && !used.has(gh.number)) {
      result.set(milestone, gh);
      used.add(gh.number);
    }
  }
  for (const milestone of plan.milestones) {
    if (result.has(milestone)) continue;
    const title = milestoneTitleOf(milestone.title).toLowerCase();
    const gh = github.milestones.find(
      (m) => !used.has(m.number) && m.title.toLowerCase() === title,
    );
    if (gh) {
      result.set(milestone, gh);
      used.add(gh.number);
    }
  }
  const renamed = matchBySimilarity({
    left: plan.milestones.filter((m) => !result.has(m)),
    right: github.milestones.filter((m) => m.marker?.file === path && !used.has(m.number)),
    leftText: (m) => milestoneTitleOf(m.title),
    rightText: (m) => m.marker?.base.title ?? m.title,
    threshold: 0.6,
  });
  for (const [milestone, gh] of renamed) result.set(milestone, gh);
  return result;
}

/**
 * Issue matching: `#N` link, marker key, move (the same text in another milestone), rename
 * (similar text in the same milestone). Only a link to this repository links: a bare `#N`,
 * `owner/repo#N` or an issue URL naming this repository; any other reference is text. A `#N`
 * that names no issue of this repository is reported and the line is matched like any other.
 * Move and rename detection never take an issue whose line left the plan in an earlier sync (its
 * marker says `removed`): a similar line added later is a new deliverable; only the same line
 * (the same key) brings it back. When several issues carry
 * the same marker (a person copied a managed issue's body), the oldest is the deliverable's
 * issue; the copies are not the app's and are left alone.
 */
export function matchIssues(params: {
  entries: PlanEntry[];
  github: GithubSnapshot;
  path: string;
  notes: string[];
}): IssueMatches {
  const { entries, github, path } = params;
  const state: MatchState = { matches: new Map(), used: new Set() };
  const linked = matchLinks({ ...params, state });
  const { owned, copies, duplicates } = findOwned({ github, path });
  const byKey = new Map<string, GithubIssue>();
  for (const gh of owned) if (!copies.has(gh.number)) byKey.set((gh.marker as Marker).key, gh);
  for (const { item } of entries) {
    const gh = byKey.get(item.key);
    if (!state.matches.has(item) && gh) pair({ state, item, gh });
  }
  const candidates = owned.filter((gh) => !copies.has(gh.number) && !gh.marker?.base.removed);
  matchSimilar({ entries, candidates, state });
  return { matches: state.matches, linked, copies, duplicates };
}

export interface IssueMatches {
  matches: Map<Item, GithubIssue>;
  /** Deliverables matched through their `#N` link (their issues keep their own titles). */
  linked: Set<Item>;
  /** Issues carrying another issue's marker (copies): not the app's. */
  copies: Set<number>;
  /** The app's own copies (opened twice by the app), to close as duplicates. */
  duplicates: { issue: GithubIssue; of: GithubIssue }[];
}

interface MatchState {
  matches: Map<Item, GithubIssue>;
  /** Issue numbers already matched. */
  used: Set<number>;
}

function pair(params: { state: MatchState; item: Item; gh: GithubIssue }): void {
  if (params.state.used.has(params.gh.number)) return;
  params.state.matches.set(params.item, params.gh);
  params.state.used.add(params.gh.number);
}

/** `#N` links to this repository's issues, never to an issue that is another line's. */
function matchLinks(params: {
  entries: PlanEntry[];
  github: GithubSnapshot;
  path: string;
  notes: string[];
  state: MatchState;
}): Set<Item> {
  const { entries, github, path, notes, state } = params;
  const linked = new Set<Item>();
  const byNumber = new Map(github.issues.map((gh) => [gh.number, gh]));
  const thisRepo = `${github.repo.owner}/${github.repo.repo}`.toLowerCase();
  const planKeys = new Map(entries.map((e) => [e.item.key, e.item]));
  for (const { item } of entries) {
    if (item.issue === null) continue;
    if (item.issueRepo && item.issueRepo.toLowerCase() !== thisRepo) continue;
    const gh = byNumber.get(item.issue);
    const owner = gh?.marker?.file === path ? planKeys.get(gh.marker.key) : undefined;
    const problem = !gh
      ? 'which is not an issue of this repository'
      : state.used.has(gh.number)
        ? 'which another line links already'
        : owner !== undefined && owner !== item
          ? `which is the issue of line ${owner.line} (“${owner.title}”)`
          : null;
    if (problem !== null || !gh) {
      notes.push(`line ${item.line} links #${item.issue}, ${problem}`);
      continue;
    }
    pair({ state, item, gh });
    linked.add(item);
  }
  return linked;
}

/**
 * The issues carrying this file's marker, oldest first. A later issue with the same key is a
 * copy; one opened by the same account as the original is the app's own duplicate (a create that
 * was retried after an error although it had landed). A person's copy is theirs.
 */
function findOwned(params: {
  github: GithubSnapshot;
  path: string;
}): Pick<IssueMatches, 'copies' | 'duplicates'> & { owned: GithubIssue[] } {
  const owned = params.github.issues
    .filter((gh) => gh.marker?.file === params.path)
    .sort((a, b) => a.number - b.number);
  const first = new Map<string, GithubIssue>();
  const copies = new Set<number>();
  const duplicates: IssueMatches['duplicates'] = [];
  for (const gh of owned) {
    const key = (gh.marker as Marker).key;
    const original = first.get(key);
    if (!original) {
      first.set(key, gh);
      continue;
    }
    copies.add(gh.number);
    if (gh.author !== null && gh.author === original.author)
      duplicates.push({ issue: gh, of: original });
  }
  return { owned, copies, duplicates };
}

/**
 * Moves first (nearly the same text anywhere: a moved line is that issue, wherever it was), then
 * renames (similar text in the same milestone).
 */
function matchSimilar(params: {
  entries: PlanEntry[];
  candidates: GithubIssue[];
  state: MatchState;
}): void {
  const { entries, candidates, state } = params;
  const items = () => entries.filter((e) => !state.matches.has(e.item));
  const issues = () => candidates.filter((gh) => !state.used.has(gh.number));
  const baseTitle = (gh: GithubIssue) =>
    gh.marker?.base.fileTitle ?? gh.marker?.base.title ?? gh.title;
  const milestoneOf = (key: string) => key.split('/')[0] ?? '';
  const passes = [
    {
      leftText: (e: PlanEntry) => slugify(issueTitleOf(e.item.title)),
      rightText: (gh: GithubIssue) => slugify(baseTitle(gh)),
      threshold: 0.9,
    },
    {
      leftText: (e: PlanEntry) => issueTitleOf(e.item.title),
      rightText: baseTitle,
      leftGroup: (e: PlanEntry) => milestoneOf(e.item.key),
      rightGroup: (gh: GithubIssue) => milestoneOf(gh.marker?.key ?? ''),
      threshold: 0.5,
    },
  ];
  for (const pass of passes) {
    for (const [entry, gh] of matchBySimilarity({ left: items(), right: issues(), ...pass })) {
      pair({ state, item: entry.item, gh });
    }
  }
}
