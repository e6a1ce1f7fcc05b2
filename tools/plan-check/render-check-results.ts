import type { CheckSummary, FileCheck } from './check-types.js';

/**
 * One line per file (`✓ name  counts; first sync N writes; settled`, `✗ … <first problem>`, or
 * `- … skipped: …`), then for a failed file every problem with its details indented, then notes.
 */
export function renderFileCheck(check: FileCheck): string {
  const counts = describeCounts(check);
  if (check.status === 'skipped')
    return `- ${check.name}  ${counts}; skipped: ${check.notes.join('; ')}\n`;
  const writes =
    check.firstSyncWrites === null ? '' : `; first sync ${check.firstSyncWrites} writes`;
  const ticked = check.ticked
    ? `; closing #${check.ticked.number} ticked line ${check.ticked.line}`
    : '';
  const lines: string[] = [];
  if (check.status === 'settled') {
    lines.push(`✓ ${check.name}  ${counts}${writes}; settled${ticked}`);
  } else {
    const steps = [...new Set(check.problems.map((p) => p.step))].join(', ');
    lines.push(`✗ ${check.name}  ${counts}${writes}; failed: ${steps}`);
    for (const problem of check.problems) {
      lines.push(`    [${problem.step}] ${problem.message}`);
      for (const detail of problem.details) lines.push(`        ${detail}`);
    }
  }
  for (const note of check.notes) lines.push(`    note: ${note}`);
  return lines.join('\n') + '\n';
}

export function renderSummary(summary: CheckSummary): string {
  const total = summary.files.length;
  return `\n${total} file(s): ${summary.settled} settled, ${summary.failed} failed, ${summary.skipped} skipped\n`;
}

function describeCounts(check: FileCheck): string {
  const parts = [
    plural(check.milestones, 'milestone'),
    plural(check.deliverables, 'deliverable'),
    ...(['error', 'warning', 'info'] as const)
      .filter((severity) => check.diagnostics[severity] > 0)
      .map((severity) =>
        severity === 'info'
          ? `${check.diagnostics.info} info`
          : plural(check.diagnostics[severity], severity),
      ),
  ];
  return parts.join(', ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
