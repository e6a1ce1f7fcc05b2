/**
 * The hidden marker of a plan's dashboard issue: `<!-- milestone-sync-dashboard {…} -->`. It is
 * distinct from the deliverable marker (`<!-- milestone-sync {…} -->`, issue-marker.ts), whose
 * pattern needs a space right after `milestone-sync`, so a dashboard is never read as an owned
 * issue. It carries what the dashboard cannot recompute from the plan and GitHub: the last sync
 * that changed something (shown as "last change synced at …") and the recently completed
 * deliverables, so an unchanged sync renders the same body and writes nothing.
 */

/** The last sync that did something (or failed, or was refused), as the dashboard shows it. */
export interface LastSync {
  /** When that sync ran, `YYYY-MM-DD HH:MM UTC`. */
  at: string;
  /** One line, e.g. `Synced MILESTONES.md with acme/plan: 3 issues created`. */
  headline: string;
  /** The refusal's message when the planner refused (e.g. a mass close), else null. */
  refusal: string | null;
  /** Failed or skipped actions, one line each (at most a few, see plan-dashboard.ts). */
  problems: string[];
  /** How many problems there were in all (`problems` may list fewer). */
  problemCount: number;
}

export interface DashboardMarker {
  v: 1;
  /** Plan file path the dashboard shows. */
  file: string;
  last: LastSync | null;
  /** Keys of recently completed deliverables, most recent first. */
  recent: string[];
}

const DASHBOARD_RE = /<!-- milestone-sync-dashboard (\{.*?\}) -->/s;

export function encodeDashboardMarker(marker: DashboardMarker): string {
  // `--` and `>` cannot appear inside an HTML comment; JSON escapes keep the text parseable.
  const json = JSON.stringify(marker)
    .replace(/-(?=-)/g, '\\u002d')
    .replace(/>/g, '\\u003e');
  return `<!-- milestone-sync-dashboard ${json} -->`;
}

/** The dashboard marker of a body; null when there is none or it is not valid. */
export function decodeDashboardMarker(body: string | null | undefined): DashboardMarker | null {
  if (!body) return null;
  const match = DASHBOARD_RE.exec(body);
  if (!match?.[1]) return null;
  try {
    const value = JSON.parse(match[1]) as Partial<DashboardMarker>;
    if (value.v !== 1 || typeof value.file !== 'string') return null;
    const recent = Array.isArray(value.recent)
      ? value.recent.filter((k): k is string => typeof k === 'string')
      : [];
    return { v: 1, file: value.file, last: readLastSync(value.last), recent };
  } catch {
    return null;
  }
}

function readLastSync(value: unknown): LastSync | null {
  if (typeof value !== 'object' || value === null) return null;
  const last = value as Partial<LastSync>;
  if (typeof last.at !== 'string' || typeof last.headline !== 'string') return null;
  const problems = Array.isArray(last.problems)
    ? last.problems.filter((p): p is string => typeof p === 'string')
    : [];
  return {
    at: last.at,
    headline: last.headline,
    refusal: typeof last.refusal === 'string' ? last.refusal : null,
    problems,
    problemCount: typeof last.problemCount === 'number' ? last.problemCount : problems.length,
  };
}
