import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../src/plan/parse-plan.js';
import type { Item, Milestone } from '../../src/plan/plan-types.js';
import { readSeed } from '../helpers/read-fixture.js';

function countAll(items: Item[]): number {
  return items.reduce((n, item) => n + 1 + countAll(item.children), 0);
}

function flatten(items: Item[]): Item[] {
  return items.flatMap((item) => [item, ...flatten(item.children)]);
}

function parseSeed(name: string) {
  return parsePlan({ text: readSeed(name) });
}

const titles = (milestones: Milestone[]) => milestones.map((m) => m.title);

describe('parsePlan on the seed plans (no configuration)', () => {
  it('enterprise-rust: 13 ### milestones under ## phases, 60 deliverables', () => {
    const { plan } = parseSeed('enterprise-rust-MILESTONES.md');
    expect(plan.milestones).toHaveLength(13);
    expect(plan.milestones[0]?.title).toBe('M1.1: Core Infrastructure (Week 1)');
    expect(plan.milestones[12]?.title).toBe('M4.2: Documentation & Training');
    expect(plan.milestones.map((m) => m.items.length)).toEqual([
      2, 4, 2, 5, 4, 5, 5, 4, 4, 4, 2, 4, 4,
    ]);
    const m34 = plan.milestones.find((m) => m.title === 'M3.4: License Management System');
    expect(m34?.items.map((i) => i.children.length)).toEqual([6, 5]);
    expect(plan.milestones.reduce((n, m) => n + countAll(m.items), 0)).toBe(60);
    expect(plan.items).toEqual([]);
    // Plain nested bullets are the description, not deliverables.
    expect(plan.milestones[0]?.items[0]?.description).toBe(
      '- GitHub repository structure\n- Development environment (Docker)\n- Basic linting setup',
    );
    expect(plan.milestones[0]?.context).toEqual(['MVP Phase (M1)']);
    expect(plan.milestones[0]?.due).toEqual({ text: 'Week 1', date: null, line: 11 });
  });

  it('axum-cloudflare: 9 checkpoints, 4 deliverables each, template in code fence ignored', () => {
    const { plan, diagnostics } = parseSeed('axum-cloudflare-MILESTONES.md');
    expect(plan.milestones).toHaveLength(9);
    expect(plan.milestones[0]?.title).toBe('Checkpoint 1.1: Rust Axum Service Implementation');
    expect(plan.milestones[8]?.title).toBe('Checkpoint 5.1: Comprehensive Documentation');
    expect(plan.milestones.map((m) => m.items.length)).toEqual([4, 4, 4, 4, 4, 4, 4, 4, 4]);
    expect(plan.items).toEqual([]);
    // ✅ in the heading is decoration: the Status line says PENDING.
    expect(plan.milestones.every((m) => m.state === 'open')).toBe(true);
    expect(plan.milestones[0]?.status?.text).toBe('⏳ PENDING');
    expect(plan.milestones[0]?.status?.status).toBe('todo');
    expect(plan.milestones[0]?.due?.text).toBe('Day 2');
    expect(plan.milestones[0]?.description).toContain('**Success Criteria**:');
    expect(plan.milestones[0]?.description).toContain('**Dependencies**: None');
    expect(plan.milestones[0]?.description).not.toContain('Status');
    const fenced = diagnostics.filter((d) => d.rule === 'checkbox-in-code');
    expect(fenced).toHaveLength(1);
  });

  it('elemta: 6 milestones, 4 deliverables each, priorities P0 P1 P2 P2 P3 P3', () => {
    const { plan } = parseSeed('elemta-MILESTONES.md');
    expect(titles(plan.milestones)).toEqual([
      'Milestone 1: Critical Path Resolution',
      'Milestone 2: System Stabilization',
      'Milestone 3: Production Hardening',
      'Milestone 4: Production Readiness',
      'Milestone 5: Advanced Features (Optional)',
      'Milestone 6: Enterprise Features (Optional)',
    ]);
    expect(plan.milestones.map((m) => m.items.length)).toEqual([4, 4, 4, 4, 4, 4]);
    expect(plan.milestones.map((m) => m.priority)).toEqual(['P0', 'P1', 'P2', 'P2', 'P3', 'P3']);
    expect(plan.milestones.map((m) => m.status?.status)).toEqual(Array(6).fill('todo'));
    expect(plan.milestones[4]?.due?.text).toBe('Weeks 5-6');
  });

  it('eutlas: 6 phases from a double-encoded file, 86 deliverables, 22 done, 3 in progress', () => {
    const { plan, diagnostics } = parseSeed('eutlas-PHASES.md');
    expect(plan.format.doubleEncoded).toBe(true);
    expect(diagnostics.filter((d) => d.rule === 'double-encoded')).toHaveLength(1);
    expect(titles(plan.milestones)).toEqual([
      'Phase 0: Project Setup',
      'Phase 1: Auth & Core Entities',
      'Phase 2: Cluster Lifecycle',
      'Phase 3: Resizing & Events',
      'Phase 4: Backups',
      'Phase 5: Admin & Polish',
    ]);
    expect(plan.milestones.map((m) => m.state)).toEqual([
      'closed',
      'open',
      'open',
      'open',
      'open',
      'open',
    ]);
    expect(plan.milestones.map((m) => m.items.length)).toEqual([6, 19, 21, 14, 12, 14]);
    const all = plan.milestones.flatMap((m) => flatten(m.items));
    expect(all).toHaveLength(86);
    expect(all.filter((i) => i.status === 'done')).toHaveLength(22);
    expect(all.filter((i) => i.status === 'in-progress').map((i) => i.title)).toEqual([
      'Email verification flow',
      'Organization list/create',
      'MongoDB Operator integration',
    ]);
    const row = all.find((i) => i.title === 'Auth Module (signup, login, JWT)');
    expect(row?.priority).toBe('P0');
    expect(row?.labels).toEqual(['backend tasks']);
    expect(plan.milestones[1]?.status?.text).toBe('IN PROGRESS');
  });

  it('feature-flags: 7 # milestones, 167 deliverables including nested', () => {
    const { plan } = parseSeed('feature-flags-MILESTONES.md');
    expect(plan.milestones).toHaveLength(7);
    expect(plan.milestones[0]?.title).toBe(
      'Milestone 0 — Project Bootstrap (Repo Skeleton & Basic Health)',
    );
    expect(plan.milestones.map((m) => countAll(m.items))).toEqual([45, 24, 19, 16, 13, 26, 24]);
    expect(plan.milestones.reduce((n, m) => n + countAll(m.items), 0)).toBe(167);
    const criteria = plan.milestones[0]?.items.filter((i) =>
      i.labels.includes('acceptance criteria'),
    );
    expect(criteria).toHaveLength(5);
  });

  it('gives every milestone and deliverable a distinct key in every seed', () => {
    for (const name of [
      'enterprise-rust-MILESTONES.md',
      'axum-cloudflare-MILESTONES.md',
      'elemta-MILESTONES.md',
      'eutlas-PHASES.md',
      'feature-flags-MILESTONES.md',
    ]) {
      const { plan } = parseSeed(name);
      const keys = [
        ...plan.milestones.map((m) => m.key),
        ...plan.milestones.flatMap((m) => flatten(m.items).map((i) => i.key)),
      ];
      expect(new Set(keys).size, name).toBe(keys.length);
    }
  });
});
