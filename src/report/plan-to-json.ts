import type { Diagnostic, Item, Milestone, ParseResult } from '../plan/plan-types.js';

/** The `preview --json` document. Field names and shapes are a public contract (see README). */
export interface PlanJson {
  milestones: MilestoneJson[];
  items: ItemJson[];
  diagnostics: DiagnosticJson[];
}

export interface MilestoneJson {
  title: string;
  line: number;
  state: 'open' | 'closed';
  due: string | null;
  dueText: string | null;
  priority: string | null;
  status: string | null;
  context: string[];
  key: string;
  items: ItemJson[];
}

export interface ItemJson {
  title: string;
  /** The deliverable's whole text as written (see Item.text). */
  text: string;
  line: number;
  checked: boolean;
  status: 'todo' | 'in-progress' | 'done';
  priority: string | null;
  labels: string[];
  assignees: string[];
  issue: number | null;
  /** `owner/name` the link names when written as a URL or `owner/repo#N`; null for `#N`. */
  issueRepo: string | null;
  key: string;
  children: ItemJson[];
}

export interface DiagnosticJson {
  line: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
  rule: string;
}

export function planToJson(result: ParseResult): PlanJson {
  return {
    milestones: result.plan.milestones.map(milestoneToJson),
    items: result.plan.items.map(itemToJson),
    diagnostics: result.diagnostics.map(diagnosticToJson),
  };
}

function milestoneToJson(milestone: Milestone): MilestoneJson {
  return {
    title: milestone.title,
    line: milestone.line,
    state: milestone.state,
    due: milestone.due?.date ?? null,
    dueText: milestone.due?.text ?? null,
    priority: milestone.priority,
    status: milestone.status?.text ?? null,
    context: milestone.context,
    key: milestone.key,
    items: milestone.items.map(itemToJson),
  };
}

function itemToJson(item: Item): ItemJson {
  return {
    title: item.title,
    text: item.text,
    line: item.line,
    checked: item.checked,
    status: item.status,
    priority: item.priority,
    labels: item.labels,
    assignees: item.assignees,
    issue: item.issue,
    issueRepo: item.issueRepo,
    key: item.key,
    children: item.children.map(itemToJson),
  };
}

function diagnosticToJson(diagnostic: Diagnostic): DiagnosticJson {
  return {
    line: diagnostic.line,
    severity: diagnostic.severity,
    message: diagnostic.message,
    rule: diagnostic.rule,
  };
}
