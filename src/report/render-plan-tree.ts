import type { Diagnostic, Item, Milestone, ParseResult } from '../plan/plan-types.js';
import { countProgress } from './count-progress.js';
import { renderProgressBar } from './render-progress-bar.js';

const STATUS_MARK: Record<Item['status'], string> = {
  done: '[x]',
  'in-progress': '[~]',
  todo: '[ ]',
};

/**
 * The plan as a readable tree for a terminal: milestones with state, due date and progress;
 * deliverables with state, priority, labels and children; then the diagnostics as
 * `file:line: message [severity rule]`.
 */
export function renderPlanTree(params: { file: string; result: ParseResult }): string {
  const { file, result } = params;
  const { plan } = result;
  const all = [...plan.milestones.flatMap((m) => m.items), ...plan.items];
  const total = countProgress(all);
  const out: string[] = [
    `${file}: ${plan.milestones.length} milestones, ${total.total} deliverables, ${total.done} done, ${total.inProgress} in progress${plan.format.doubleEncoded ? ' (double-encoded text repaired)' : ''}`,
    '',
  ];
  for (const milestone of plan.milestones) {
    renderMilestone({ milestone, out });
    out.push('');
  }
  if (plan.items.length > 0) {
    out.push('Outside any milestone');
    renderItems({ items: plan.items, indent: '  ', out });
    out.push('');
  }
  if (result.diagnostics.length > 0) {
    for (const diagnostic of result.diagnostics) out.push(renderDiagnostic({ file, diagnostic }));
  } else {
    out.push('no diagnostics');
  }
  return out.join('\n') + '\n';
}

export function renderDiagnostic(params: { file: string; diagnostic: Diagnostic }): string {
  const { file, diagnostic } = params;
  return `${file}:${diagnostic.line}: ${diagnostic.message} [${diagnostic.severity} ${diagnostic.rule}]`;
}

/** Appends the milestone's two header lines and its deliverables to `out`. */
function renderMilestone(params: { milestone: Milestone; out: string[] }): void {
  const { milestone, out } = params;
  const progress = countProgress(milestone.items);
  const facts = [
    milestone.state,
    milestone.due ? `due ${milestone.due.date ?? milestone.due.text}` : null,
    milestone.status ? `status “${milestone.status.text}”` : null,
    milestone.priority ? `priority ${milestone.priority}` : null,
    `${progress.done}/${progress.total} ${renderProgressBar({ done: progress.done, total: progress.total })}`,
    `line ${milestone.line}`,
  ].filter((fact): fact is string => fact !== null);
  const head = milestone.state === 'closed' ? '●' : '○';
  const context = milestone.context.length > 0 ? `${milestone.context.join(' › ')} › ` : '';
  out.push(`${head} ${context}${milestone.title}`, `  ${facts.join(' · ')}`);
  renderItems({ items: milestone.items, indent: '  ', out });
}

/**
 * Appends one line per deliverable, depth first, to `out`. Iterative with an explicit stack (no
 * recursion, no spread push), so any number of deliverables and any depth render.
 */
function renderItems(params: { items: Item[]; indent: string; out: string[] }): void {
  const { out } = params;
  const stack: { items: Item[]; index: number; indent: string }[] = [
    { items: params.items, index: 0, indent: params.indent },
  ];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as { items: Item[]; index: number; indent: string };
    if (frame.index >= frame.items.length) {
      stack.pop();
      continue;
    }
    const { items, indent } = frame;
    const item = items[frame.index] as Item;
    frame.index++;
    const last = frame.index === items.length;
    const tags = [
      item.priority,
      ...item.labels.map((l) => `#${l.replace(/\s+/g, '-')}`),
      ...item.assignees.map((a) => `@${a}`),
      item.issue !== null ? `→ ${item.issueRepo ?? ''}#${item.issue}` : null,
    ].filter((tag): tag is string => tag !== null);
    const suffix = tags.length > 0 ? `  (${tags.join(' ')})` : '';
    out.push(
      `${indent}${last ? '└─' : '├─'} ${STATUS_MARK[item.status]} ${item.title}${suffix}  :${item.line}`,
    );
    if (item.children.length > 0) {
      stack.push({ items: item.children, index: 0, indent: `${indent}${last ? '   ' : '│  '}` });
    }
  }
}
