import type { Item, Milestone, Plan } from '../plan/plan-types.js';
import { slugify } from '../plan/normalize-title.js';
import type { GithubIssue, GithubMilestone, GithubSnapshot, Marker } from './sync-types.js';
import { matchBySimilarity } from './match-by-similarity.js';

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
    const gh = github.milestones.find(
      (m) => !used.has(m.number) && m.title.toLowerCase() === milestone.title.toLowerCase(),
    );
    if (gh) {
      result.set(milestone, gh);
      used.add(gh.number);
    }
  }
  const renamed = matchBySimilarity({
    left: plan.milestones.filter((m) => !result.has(m)),
    right: github.milestones.filter((m) => m.marker?.file === path && !used.has(m.number)),
    leftText: (m) => m.title,
    rightText: (m) => m.marker?.base.title ?? m.title,
    threshold: 0.6,
  });
  for (const [milestone, gh] of renamed) result.set(milestone, gh);
  return result;
}

/**
 * Issue matching: `#N` link, marker key, rename in the same milestone, move across milestones.
 * A `#N` that names no issue of this repository is reported and the line is matched like any
 * other. When several issues carry the same marker (a person copied a managed issue's body), the
 * oldest is the deliverable's issue; the copies are not the app's and are left alone.
 */
export function matchIssues(params: {
  entries: PlanEntry[];
  github: GithubSnapshot;
  path: string;
  notes: string[];
}): {
  matches: Map<Item, GithubIssue>;
  linked: Set<Item>;
  copies: Set<number>;
  duplicates: { issue: GithubIssue; of: GithubIssue }[];
} {
  const { entries, github, path, notes } = params;
  const result = new Map<Item, GithubIssue>();
  const linked = new Set<Item>();
  const used = new Set<number>();
  const byNumber = new Map(github.issues.map((gh) => [gh.number, gh]));
  for (const { item } of entries) {
    if (item.issue === null) continue;
    const gh = byNumber.get(item.issue);
    if (!gh) {
      notes.push(
        `line ${item.line} links #${item.issue}, which is not an issue of this repository`,
      );
      continue;
    }
    if (used.has(gh.number)) {
      notes.push(`line ${item.line} links #${item.issue}, which another line links already`);
      continue;
    }
    result.set(item, gh);
    linked.add(item);
    used.add(gh.number);
  }
  const byKey = new Map<string, GithubIssue>();
  const copies = new Set<number>();
  const duplicates: { issue: GithubIssue; of: GithubIssue }[] = [];
  const owned = github.issues
    .filter((gh) => gh.marker?.file === path)
    .sort((a, b) => a.number - b.number);
  for (const gh of owned) {
    const key = (gh.marker as Marker).key;
    const original = byKey.get(key);
    if (!original) {
      byKey.set(key, gh);
      continue;
    }
    copies.add(gh.number);
    // Opened by the same account as the original: the app's own duplicate (a create that was
    // retried after an error although it had landed). A person's copy is theirs.
    if (gh.author !== null && gh.author === original.author)
      duplicates.push({ issue: gh, of: original });
  }
  for (const { item } of entries) {
    if (result.has(item) || linked.has(item)) continue;
    const gh = byKey.get(item.key);
    if (gh && !used.has(gh.number)) {
      result.set(item, gh);
      used.add(gh.number);
    }
  }
  const unmatchedItems = () => entries.filter((e) => !result.has(e.item));
  const unmatchedIssues = () =>
    owned.filter((gh) => !used.has(gh.number) && !copies.has(gh.number));
  const milestoneOf = (key: string) => key.split('/')[0] ?? '';
  const pair = (pairs: [PlanEntry, GithubIssue][]) => {
    for (const [entry, gh] of pairs) {
      result.set(entry.item, gh);
      used.add(gh.number);
    }
  };
  pair(
    matchBySimilarity({
      left: unmatchedItems(),
      right: unmatchedIssues(),
      leftText: (e) => e.item.title,
      rightText: (gh) => gh.marker?.base.title ?? gh.title,
      leftGroup: (e) => milestoneOf(e.item.key),
      rightGroup: (gh) => milestoneOf(gh.marker?.key ?? ''),
      threshold: 0.5,
    }),
  );
  pair(
    matchBySimilarity({
      left: unmatchedItems(),
      right: unmatchedIssues(),
      leftText: (e) => slugify(e.item.title),
      rightText: (gh) => slugify(gh.marker?.base.title ?? gh.title),
      threshold: 0.9,
    }),
  );
  return { matches: result, linked, copies, duplicates };
}
