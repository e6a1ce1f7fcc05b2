import { createFakeGitHub } from '../src/index.js';
import type { FakeGitHub, FakeGitHubOptions } from '../src/index.js';

export const REPO = 'acme/plan';
export const OWNER = 'acme';
export const NAME = 'plan';
export const PLAN = '# Plan\n\n## M1 — Foundations\n\n- [ ] Parser\n';

/** A fake with one repository (`acme/plan`) holding MILESTONES.md, installed for the app. */
export function setupFake(options: FakeGitHubOptions = {}): FakeGitHub {
  const fake = createFakeGitHub(options);
  fake.createRepo({ fullName: REPO, files: { 'MILESTONES.md': PLAN, 'README.md': 'hello\n' } });
  fake.install({ account: OWNER, repos: [REPO], id: 77 });
  return fake;
}
