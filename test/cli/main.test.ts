import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { COMMAND_USAGE, USAGE } from '../../src/cli/command-usage.js';
import { main } from '../../src/cli/main.js';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

/** Runs main with stdout and stderr captured. */
async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
  const code = await main(argv);
  vi.restoreAllMocks();
  return { code, out, err };
}

const COMMANDS = Object.keys(COMMAND_USAGE) as (keyof typeof COMMAND_USAGE)[];

describe('help', () => {
  it.each(
    COMMANDS.flatMap((command) => [
      [command, '--help'],
      [command, '-h'],
      ['help', command],
    ]),
  )('%s %s prints that command’s usage on stdout and exits 0', async (...argv) => {
    const command = (argv[0] === 'help' ? argv[1] : argv[0]) as keyof typeof COMMAND_USAGE;
    expect(await run(argv)).toEqual({ code: 0, out: COMMAND_USAGE[command], err: '' });
    expect(COMMAND_USAGE[command]).toMatch(new RegExp(`^Usage: milestone-sync ${command}\\b`));
  });

  it('--help wins over other arguments, even bad ones', async () => {
    expect(await run(['sync', '--bogus', '--help'])).toEqual({
      code: 0,
      out: COMMAND_USAGE.sync,
      err: '',
    });
  });

  it.each([['help'], ['--help'], ['-h']])(
    '%s prints the overall usage and exits 0',
    async (arg) => {
      expect(await run([arg])).toEqual({ code: 0, out: USAGE, err: '' });
    },
  );

  it('the overall usage names every command', () => {
    for (const command of COMMANDS) expect(USAGE).toContain(`  ${command}`);
  });
});

it.each([['--version'], ['-v'], ['version']])('%s prints the package version', async (arg) => {
  const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
  expect(await run([arg])).toEqual({ code: 0, out: `${version}\n`, err: '' });
});

describe('demo: not in the installed package', () => {
  it.each([[['demo']], [['demo', '--seed', 'elemta-MILESTONES.md']], [['demo', '--bogus']]])(
    '%j says in one line on stderr to run npm run demo in a source checkout, exit 1',
    async (argv) => {
      const { code, out, err } = await run(argv);
      expect({ code, out }).toEqual({ code: 1, out: '' });
      expect(err.split('\n')).toEqual([expect.stringMatching(/^milestone-sync: the demo .+/), '']);
      expect(err).toContain('not part of the installed package');
      expect(err).toContain('in a source checkout of milestone-sync run: npm ci && npm run demo');
    },
  );

  it('the help says the same instead of promising a demo', () => {
    expect(COMMAND_USAGE.demo).toContain('npm ci && npm run demo');
    expect(USAGE).toMatch(/^ {2}demo +Source checkout only/m);
  });
});

describe('usage errors: exit 2, one line and a hint to --help', () => {
  it.each([
    {
      argv: ['sync', '--repo', 'acme/plan', '--bogus'],
      err: "milestone-sync: sync: Unknown option '--bogus'",
      hint: 'sync',
    },
    {
      argv: ['sync', 'acme/plan'],
      err: "milestone-sync: sync: Unexpected argument 'acme/plan'",
      hint: 'sync',
    },
    {
      argv: ['sync', '--repo'],
      err: "milestone-sync: sync: Option '--repo <value>' argument missing",
      hint: 'sync',
    },
    {
      argv: ['preview'],
      err: 'milestone-sync: preview: preview takes one plan file (or - for stdin)',
      hint: 'preview',
    },
    {
      argv: ['preview', 'a.md', 'b.md'],
      err: "milestone-sync: preview: unexpected argument 'b.md'",
      hint: 'preview',
    },
    {
      argv: ['preview', 'a.md', '--yaml'],
      err: "milestone-sync: preview: Unknown option '--yaml'",
      hint: 'preview',
    },
    {
      argv: ['serve', '--port', '80'],
      err: "milestone-sync: serve: Unknown option '--port'",
      hint: 'serve',
    },
    { argv: ['help', 'nope'], err: 'milestone-sync: help: unknown command "nope"', hint: 'help' },
    { argv: ['push'], err: 'milestone-sync: unknown command "push"', hint: '' },
    {
      argv: ['--json'],
      err: "milestone-sync: unknown option '--json' (options follow the command)",
      hint: '',
    },
  ])('$argv', async ({ argv, err, hint }) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    const lines = result.err.split('\n');
    expect(lines[0]?.startsWith(err)).toBe(true);
    expect(lines.slice(1)).toEqual([
      `Run 'milestone-sync ${hint ? `${hint} ` : ''}--help' for usage.`,
      '',
    ]);
  });

  it('no command at all: the overall usage on stderr, exit 2', async () => {
    expect(await run([])).toEqual({
      code: 2,
      out: '',
      err: `milestone-sync: missing command\n${USAGE}`,
    });
  });

  it('sync without GITHUB_TOKEN exits 2 with one line', async () => {
    vi.stubEnv('GITHUB_TOKEN', '');
    expect(await run(['sync', '--repo', 'acme/plan'])).toEqual({
      code: 2,
      out: '',
      err: 'milestone-sync: GITHUB_TOKEN is not set: export a token that can read and write issues and contents of the repository\n',
    });
  });
});
