import { describe, expect, it } from 'vitest';
import { demoCommand, listSeeds, main } from '../../tools/demo.js';

async function runDemo(seed?: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await demoCommand({
    seed,
    write: (text) => (out += text),
    writeError: (text) => (err += text),
  });
  return { code, out, err };
}

describe('demo command', () => {
  it('round-trips the default seed over HTTP and exits 0', async () => {
    const started = Date.now();
    const { code, out, err } = await runDemo();
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(err).toBe('');
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toMatch(
      /^Fake GitHub serving acme\/plan on http:\/\/127\.0\.0\.1:\d+ \(virtual clock at 2026-01-15T17:00:00Z\): MILESTONES\.md = test\/fixtures\/seeds\/feature-flags-MILESTONES\.md$/,
    );
    const expected = [
      '## Synced MILESTONES.md with acme/plan: 7 milestones created, 167 issues created, 1 label created, 89 sub-issue links',
      '📊 Dashboard: created #168.',
      'API calls: 6 reads, 265 writes; write pacing took 180 s of virtual time',
      '   168  POST /repos/{owner}/{repo}/issues',
      '✓ first sync created 7 milestones and 167 issues (167 open)',
      '━━ (b) octocat closes #1 “Initialize repository (`go mod init`, LICENSE, CONTRIBUTING, CODE_OF_CONDUCT)” on GitHub ━━',
      'MILESTONES.md:4',
      '  - - [ ] Initialize repository (`go mod init`, LICENSE, CONTRIBUTING, CODE_OF_CONDUCT)',
      '  + - [x] Initialize repository (`go mod init`, LICENSE, CONTRIBUTING, CODE_OF_CONDUCT)',
      '✓ closing #1 ticked exactly one line of MILESTONES.md',
      'MILESTONES.md:6',
      '  - - [ ] `/cmd/server`',
      '  + - [ ] `/cmd/server` (renamed on GitHub)',
      '✓ renaming #3 renamed exactly one line of MILESTONES.md',
      '━━ (e) Sync again: nothing to do ━━',
      '## Nothing to do: GitHub and MILESTONES.md agree',
      '📊 Dashboard: #168 unchanged.',
      'API calls: 6 reads, 0 writes',
      '✓ the last sync planned nothing and sent 0 writes',
      'Round trip OK (5 checks).',
    ];
    let at = 0;
    for (const line of expected) {
      const found = lines.indexOf(line, at);
      expect(found, `missing or out of order: ${line}`).toBeGreaterThan(0);
      at = found + 1;
    }
    expect(out).toMatch(
      /^commit [0-9a-f]{7} on main by milestone-sync\[bot\]: milestone-sync: update 1 state from GitHub$/m,
    );
  });

  it('takes another seed with --seed', async () => {
    expect(listSeeds()).toContain('elemta-MILESTONES.md');
    const { code, out } = await runDemo('elemta-MILESTONES.md');
    expect(code).toBe(0);
    expect(out).toContain('✓ first sync created 6 milestones and 24 issues (24 open)\n');
    expect(out.endsWith('Round trip OK (5 checks).\n')).toBe(true);
  });

  it('exits 2 for an unknown seed, naming the available ones', async () => {
    const { code, out, err } = await runDemo('../../package.json');
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(
      /^demo: unknown seed "\.\.\/\.\.\/package\.json"; available in .*seeds\/: axum-cloudflare-MILESTONES\.md, elemta-MILESTONES\.md, /,
    );
  });

  it('main: --help prints the usage (exit 0); a bad option is a usage error (exit 2)', async () => {
    let out = '';
    let err = '';
    const io = { write: (t: string) => (out += t), writeError: (t: string) => (err += t) };
    expect(await main({ argv: ['--help'], ...io })).toBe(0);
    expect(out).toMatch(/^Usage: npm run demo \[-- --seed NAME\]\n/);
    expect(err).toBe('');
    out = '';
    expect(await main({ argv: ['--seed'], ...io })).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/^demo: Option '--seed <value>' argument missing\n\nUsage: npm run demo/);
  });
});
