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
  for (const milestone of plan.milestones) out.push(...renderMilestone(milestone), '');
  if (plan.items.length > 0) {
    out.push('Outside any milestone');
    out.push(...renderItems(plan.items, '  '), '');
  }
  if (result.diagnostics.length > 0) {
    out.push(...result.diagnostics.map((d) => renderDiagnostic({ file, diagnostic: d })));
  } else {
    out.push('no diagnostics');
  }
  return out.join('\n') + '\n';
}

export function renderDiagnostic(params: { file: string; diagnostic: Diagnostic }): string {
  const { file, diagnostic } = params;
  return `${file}:${diagnostic.line}: ${diagnostic.message} [${diagnostic.severity} ${diagnostic.rule}]`;
}

function renderMilestone(milestone: Milestone): string[] {
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
  return [
    `${head} ${context}${milestone.title}`,
    `  ${facts.join(' · ')}`,
    ...renderItems(milestone.items, '  '),
  ];
}

function renderItems(items: Item[], indent: string): string[] {
  const out: string[] = [];
  items.forEach((item, index) => {
    const last = index === items.length - 1;
    const tags = [
      item.priority,
      ...item.labels.map((l) => `#${l.replace(/\s+/g, '-')}`),
      ...item.assignees.map((a) => `@${a}`),
      item.issue !== null ? `→ #${item.issue}` : null,
    ].filter((tag): tag is string => tag !== null);
    const suffix = tags.length > 0 ? `  (${tags.join(' ')})` : '';
    out.push(
      `${indent}${last ? '└─' : '├─'} ${STATUS_MARK[item.status]} ${item.title}${suffix}  :${item.line}`,
    );
    out.push(...renderItems(item.children, `${indent}${last ? '   ' : '│  '}`));
  });
  return out;
}
