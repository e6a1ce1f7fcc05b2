import type { Diagnostic } from '../plan/plan-types.js';
import { summarizeSyncReport } from './summarize-sync-report.js';
import type { PrPreview } from './render-pr-preview.js';
import { plural } from './comment-text.js';

/** The check run's name on the head commit. */
export const CHECK_RUN_NAME = 'milestone-sync';

/** GitHub takes at most 50 annotations per create or update request. */
export const ANNOTATIONS_PER_REQUEST = 50;

/** Annotations sent at most per check run (the rest are counted in the summary). */
export const MAX_ANNOTATIONS = 500;

/** An annotation as the checks API takes it (`output.annotations[]`). */
export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title: string;
}

export interface PrCheckRunOutput {
  conclusion: 'success' | 'neutral' | 'failure';
  title: string;
  summary: string;
  /** In batches of at most ANNOTATIONS_PER_REQUEST: the first goes with the conclusion. */
  annotationBatches: CheckAnnotation[][];
}

/**
 * The `milestone-sync` check run for a preview: `failure` when the plan has errors, merging would
 * trip the mass-close guard (the planner's refusal) or an action could not be prepared; `neutral`
 * for warnings or when nothing can be previewed; `success` otherwise. Diagnostics become
 * annotations on the plan file at their lines. `summary` is the sticky comment's text, so both
 * say the same. https://docs.github.com/en/rest/checks/runs#update-a-check-run
 */
export function renderPrCheckRun(params: {
  preview: PrPreview;
  summary: string;
}): PrCheckRunOutput {
  const { preview } = params;
  const summary =
    params.summary.length > 60_000 ? `${params.summary.slice(0, 60_000)}…` : params.summary;
  if (preview.kind === 'no-plan-changes') {
    return { conclusion: 'success', title: 'No plan changes', summary, annotationBatches: [] };
  }
  if (preview.kind === 'unavailable') {
    return { conclusion: 'neutral', title: 'Nothing to preview', summary, annotationBatches: [] };
  }
  const { report } = preview;
  const sync = summarizeSyncReport(report);
  const errors = report.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = report.diagnostics.filter((d) => d.severity === 'warning').length;
  const conclusion =
    errors > 0 || sync.refusal !== null || sync.conclusion === 'failed'
      ? 'failure'
      : warnings > 0
        ? 'neutral'
        : 'success';
  const title = sync.refusal
    ? `Merging would be refused: ${sync.refusal.rule}`
    : errors + warnings > 0
      ? `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${report.path}`
      : sync.results.length === 0
        ? 'Merging changes no milestone or issue'
        : `Merging would apply ${plural(sync.results.length, 'change')}`;
  const annotations = [...report.diagnostics]
    .sort((a, b) => a.line - b.line)
    .slice(0, MAX_ANNOTATIONS)
    .map((diagnostic) => toAnnotation({ path: report.path, diagnostic }));
  const annotationBatches: CheckAnnotation[][] = [];
  for (let i = 0; i < annotations.length; i += ANNOTATIONS_PER_REQUEST) {
    annotationBatches.push(annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
  }
  return { conclusion, title, summary, annotationBatches };
}

function toAnnotation(params: { path: string; diagnostic: Diagnostic }): CheckAnnotation {
  const { path, diagnostic } = params;
  const line = Math.max(1, diagnostic.line);
  return {
    path,
    start_line: line,
    end_line: line,
    annotation_level:
      diagnostic.severity === 'error'
        ? 'failure'
        : diagnostic.severity === 'warning'
          ? 'warning'
          : 'notice',
    message: diagnostic.message.slice(0, 4000),
    title: diagnostic.rule,
  };
}
