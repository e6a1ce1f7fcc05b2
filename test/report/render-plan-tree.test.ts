import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../src/plan/parse-plan.js';
import type { Item, ParseResult } from '../../src/plan/plan-types.js';
import { renderPlanTree } from '../../src/report/render-plan-tree.js';
import { generatePlanWithStats } from '../../bench/generate-plan.js';

function item(params: { title: string; line: number; children?: Item[] }): Item {
  return {
    key: `k/${params.line}`,
    title: params.title,
    text: params.title,
    line: params.line,
    checked: false,
    status: 'todo',
    priority: null,
    labels: [],
    assignees: [],
    issue: null,
    issueRepo: null,
    description: '',
    children: params.children ?? [],
    source: { kind: 'checkbox', mark: { start: 0, end: 1 }, title: { start: 0, end: 1 } },
  };
}

function resultWith(items: Item[]): ParseResult {
  return {
    plan: {
      milestones: [
        {
          key: 'm',
          title: 'M',
          line: 1,
          level: 2,
          context: [],
          state: 'open',
          status: null,
          due: null,
          priority: null,
          description: '',
          items,
        },
      ],
      items: [],
      progress: [],
      format: { bom: false, eol: '\n', doubleEncoded: false, checkedMark: 'x' },
      config: {},
    },
    diagnostics: [],
  };
}

describe('renderPlanTree', () => {
  it('draws nested deliverables with tree branches in document order', () => {
    const { plan, diagnostics } = parsePlan({
      text: '## M1\n\n- [ ] a\n  - [x] b\n  - [ ] c\n- [ ] d\n',
    });
    const lines = renderPlanTree({ file: 'p.md', result: { plan, diagnostics } }).split('\n');
    expect(lines.slice(4, 8)).toEqual([
      '  ├─ [ ] a  :3',
      '  │  ├─ [x] b  :4',
      '  │  └─ [ ] c  :5',
      '  └─ [ ] d  :6',
    ]);
  });

  it('renders 150,000 deliverables in one milestone (no spread push of a huge array)', () => {
    const items = Array.from({ length: 150_000 }, (_, i) => item({ title: `t${i}`, line: i + 2 }));
    const out = renderPlanTree({ file: 'p.md', result: resultWith(items) });
    expect(out.split('\n').filter((l) => l.includes('─ [ ] t'))).toHaveLength(150_000);
  });

  it('renders a chain of 2,000 nested deliverables (no recursion)', () => {
    let chain = item({ title: 'leaf', line: 2_001 });
    for (let i = 2_000; i >= 2; i--) chain = item({ title: `n${i}`, line: i, children: [chain] });
    const out = renderPlanTree({ file: 'p.md', result: resultWith([chain]) });
    expect(out).toContain('└─ [ ] leaf  :2001');
  });

  it('renders the tree of a generated plan of 150,000 deliverables', () => {
    const generated = generatePlanWithStats({ deliverables: 150_000, seed: 3 });
    const result = parsePlan({ text: generated.text, config: { maxBytes: 64 * 1024 * 1024 } });
    const out = renderPlanTree({ file: 'big.md', result });
    expect(out.split('\n', 1)[0]).toContain(`${generated.stats.deliverables} deliverables`);
    expect(out.split('\n').filter((l) => /─ \[[ x~]\] /.test(l))).toHaveLength(
      generated.stats.deliverables,
    );
  }, 120_000);
});
