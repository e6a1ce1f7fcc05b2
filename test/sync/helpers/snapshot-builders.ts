/**
 * Small builders for hand-made GitHub snapshots, so planner tests need neither mocks nor the fake.
 */
import { parsePlan } from '../../../src/plan/parse-plan.js';
import type { Plan } from '../../../src/plan/plan-types.js';
import { encodeMarker } from '../../../src/sync/issue-marker.js';
import type {
  GithubIssue,
  GithubMilestone,
  GithubSnapshot,
  Marker,
  MarkerBase,
  RepoRef,
  SyncConfig,
} from '../../../src/sync/sync-types.js';
import { DEFAULT_SYNC_CONFIG } from '../../../src/sync/sync-types.js';

export const REPO: RepoRef = { owner: 'acme', repo: 'plan' };
export const PATH = 'MILESTONES.md';
export const TODAY = '2026-01-15';
export const BOT = 'milestone-sync[bot]';
export const CONFIG: SyncConfig = { ...DEFAULT_SYNC_CONFIG, today: TODAY };

/** Issue ids are far from numbers (as on GitHub), so a mix-up of the two shows. */
export function issueId(number: number): number {
  return 900_000 + number * 7;
}

export function parse(text: string): Plan {
  return parsePlan({ text }).plan;
}

export function marker(key: string, base: Partial<MarkerBase> & { title: string }): Marker {
  return {
    v: 1,
    file: PATH,
    key,
    base: { state: 'open', bodyHash: 'stale0000000', ...base },
  };
}

/** An issue; a `marker` is also written at the end of its body, as the app would. */
export function ghIssue(fields: Partial<GithubIssue> & { number: number }): GithubIssue {
  const m = fields.marker ?? null;
  return {
    id: issueId(fields.number),
    title: `Issue ${fields.number}`,
    body: fields.body ?? (m ? `Generated text.\n\n${encodeMarker(m)}` : null),
    state: 'open',
    stateReason: null,
    labels: [],
    assignees: [],
    milestone: null,
    parent: null,
    author: m ? BOT : 'octocat',
    ...fields,
    marker: m,
  };
}

export function ghMilestone(
  fields: Partial<GithubMilestone> & { number: number; title: string },
): GithubMilestone {
  const m = fields.marker ?? null;
  return {
    description: m ? `Planned.\n\n${encodeMarker(m)}` : null,
    state: 'open',
    dueOn: null,
    ...fields,
    marker: m,
  };
}

export function snapshot(params: {
  text: string;
  issues?: GithubIssue[];
  milestones?: GithubMilestone[];
  labels?: string[];
  sha?: string;
}): GithubSnapshot {
  return {
    repo: REPO,
    defaultBranch: 'main',
    file: { path: PATH, sha: params.sha ?? 'sha-0', text: params.text, ref: 'main' },
    milestones: params.milestones ?? [],
    issues: params.issues ?? [],
    labels: params.labels ?? [],
  };
}
