/**
 * The help text of each command, printed by `milestone-sync <command> --help`,
 * `milestone-sync help <command>`, and (the summary lines) by `milestone-sync --help`.
 */
export const COMMAND_USAGE = {
  preview: `Usage: milestone-sync preview <file> [--json]

Parse a plan file (or - for stdin) and print its milestones, deliverables and diagnostics.

Options:
  --json        Print the parsed plan as JSON
  -h, --help    Show this help

Exit codes: 0 the file was read (diagnostics are output, not failure); 1 it could not be read;
2 usage error.
`,
  sync: `Usage: milestone-sync sync --repo owner/name [--file PATH] [--ref BRANCH] [--dry-run] [--json]
                           [--timeout SECONDS] [--max-time SECONDS]

Sync a plan file with the repository's milestones and issues, both ways, and print a report.
Settings come from the repository's .github/milestone-sync.yml (path, dryRun, maxCloseShare,
priorityLabelPrefix, sectionLabelPrefix, milestoneLevel, titlePattern, startDate, maxBytes), as
for the app; the options below take precedence.

Options:
  --repo owner/name     The repository (required)
  --file PATH           The plan file (default: the config's path, else the first of
                        MILESTONES.md, ROADMAP.md, PLAN.md that exists)
  --ref BRANCH          The branch to read and commit to (default: the default branch)
  --dry-run             Read and plan, send no write
  --json                Print the SyncReport as JSON instead of Markdown
  --timeout SECONDS     Give up on a request with no answer after this long (default 30;
                        env MILESTONE_SYNC_TIMEOUT)
  --max-time SECONDS    Send nothing more after this long; the next sync resumes (default 3600;
                        env MILESTONE_SYNC_MAX_TIME)
  -h, --help            Show this help

Environment: GITHUB_TOKEN (required), GITHUB_API_URL (default https://api.github.com).
Exit codes: 0 applied or nothing to do; 1 an action failed, the sync was refused or GitHub could
not be read; 2 usage error (including a missing GITHUB_TOKEN).
`,
  demo: `Usage: milestone-sync demo

Not in the installed package: the demo (a round trip against a local fake GitHub, no network, no
token) runs from a source checkout of milestone-sync, where the fake GitHub and the seed plans
live. There, run: npm ci && npm run demo [-- --seed NAME]

Exit code: 1 (the demo cannot run here).
`,
  serve: `Usage: milestone-sync serve [--setup]

Run the GitHub App: receive webhooks and sync on each one.

Options:
  --setup       Development: when APP_ID or the private key is missing, first serve Probot's page
                to register the app from ./app.yml on GitHub (http://localhost:3000), save its
                credentials to ./.env, then run the app with them (what npm start runs)
  -h, --help    Show this help

Environment (and ./.env, under it): APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET
(required); GITHUB_API_URL, HOST, PORT, WEBHOOK_PATH, APP_SLUG, BATCH_WINDOW_MS, LOG_LEVEL,
LOG_FORMAT, WEBHOOK_PROXY_URL (optional). See "Running the app" in the README.
Exit codes: 0 stopped by SIGTERM/SIGINT; 1 the server failed; 2 usage error or missing settings.
`,
} as const;

export type CommandName = keyof typeof COMMAND_USAGE;

export const USAGE = `Usage: milestone-sync <command> [options]

Commands:
  preview <file> [--json]         Parse a plan file and print milestones, deliverables, diagnostics
  sync --repo owner/name [...]    Sync a plan file with the repository's milestones and issues
  demo                            Source checkout only: prints how to run the demo there
  serve [--setup]                 Run the GitHub App (webhooks); --setup registers it first
  help [command]                  Show this help, or a command's

Options:
  -h, --help                      Show help (after a command: that command's)
  -v, --version                   Print the version

Run 'milestone-sync <command> --help' for a command's options.
`;

/** What `milestone-sync demo` prints (one line, exit 1): the installed package cannot run it. */
export const DEMO_UNAVAILABLE =
  'milestone-sync: the demo needs the fake GitHub, which is not part of the installed package; in a source checkout of milestone-sync run: npm ci && npm run demo\n';
