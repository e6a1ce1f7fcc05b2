import { afterEach, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';

afterEach(() => {
  vi.restoreAllMocks();
});

function captureStderr(): () => string {
  let text = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  });
  return () => text;
}

it.each([
  {
    argv: ['sync', '--repo', 'acme/plan', '--bogus'],
    first: "milestone-sync: sync: Unknown option '--bogus'",
  },
  { argv: ['sync', 'acme/plan'], first: 'milestone-sync: sync: Unexpected argument' },
  {
    argv: ['demo', '--seed'],
    first: "milestone-sync: demo: Option '--seed <value>' argument missing",
  },
])('$argv is a usage error (exit 2, usage shown)', async ({ argv, first }) => {
  const stderr = captureStderr();
  expect(await main(argv)).toBe(2);
  expect(stderr().split('\n')[0]).toContain(first);
  expect(stderr()).toContain('  milestone-sync demo [--seed <name>]');
});

it('sync without GITHUB_TOKEN exits 2 with one line', async () => {
  vi.stubEnv('GITHUB_TOKEN', '');
  const stderr = captureStderr();
  expect(await main(['sync', '--repo', 'acme/plan'])).toBe(2);
  expect(stderr()).toBe(
    'milestone-sync: GITHUB_TOKEN is not set: export a token that can read and write issues and contents of the repository\n',
  );
  vi.unstubAllEnvs();
});
