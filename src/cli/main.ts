#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ParseArgsConfig } from 'node:util';
import { parseArgs } from 'node:util';
import { previewCommand } from './preview-command.js';
import { syncCommand } from './sync-command.js';

const USAGE = `Usage:
  milestone-sync preview <file> [--json]   Parse a plan file and print milestones, deliverables and diagnostics
  milestone-sync sync --repo owner/name [--file MILESTONES.md] [--ref branch] [--dry-run] [--json]
                                           Sync a plan file with the repository's milestones and issues
                                           (env: GITHUB_TOKEN required; GITHUB_API_URL, default https://api.github.com)
  milestone-sync demo [--seed <name>]      Round trip against a local fake GitHub (no network, no token)
  milestone-sync serve                     Run the GitHub App: receive webhooks and sync on each one
                                           (env: APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET;
                                           GITHUB_API_URL, HOST, PORT, APP_SLUG, LOG_LEVEL optional)
  milestone-sync help                      Show this help
`;

/** Entry point. Returns the process exit code; never throws. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const write = (text: string) => process.stdout.write(text);
  try {
    switch (command) {
      case 'preview': {
        const { values, positionals } = parseArgs({
          args: rest,
          options: { json: { type: 'boolean', default: false } },
          allowPositionals: true,
        });
        const file = positionals[0];
        if (!file || positionals.length > 1) return usageError('preview takes exactly one file');
        return await previewCommand({ file, json: values.json === true, write });
      }
      case 'sync': {
        const parsed = parseOptions({
          args: rest,
          options: {
            repo: { type: 'string' },
            file: { type: 'string' },
            ref: { type: 'string' },
            'dry-run': { type: 'boolean', default: false },
            json: { type: 'boolean', default: false },
          },
        });
        if ('error' in parsed) return usageError(`sync: ${parsed.error}`);
        const { values } = parsed;
        return await syncCommand({
          repo: values.repo as string | undefined,
          file: values.file as string | undefined,
          ref: values.ref as string | undefined,
          dryRun: values['dry-run'] === true,
          json: values.json === true,
          env: process.env,
          write,
          writeError: (text) => process.stderr.write(text),
        });
      }
      case 'demo': {
        const parsed = parseOptions({ args: rest, options: { seed: { type: 'string' } } });
        if ('error' in parsed) return usageError(`demo: ${parsed.error}`);
        // Loaded on demand: the fake GitHub pulls in dev dependencies (ajv, @octokit/openapi)
        // that an installed CLI running `sync` or `preview` must not need.
        const { demoCommand } = await import('./demo-command.js');
        return await demoCommand({
          seed: parsed.values.seed as string | undefined,
          write,
          writeError: (text) => process.stderr.write(text),
        });
      }
      case 'serve': {
        const parsed = parseOptions({ args: rest, options: {} });
        if ('error' in parsed) return usageError(`serve: ${parsed.error}`);
        // Loaded on demand: Probot's server is not needed by preview or sync.
        const { serveCommand } = await import('./serve-command.js');
        const stop = new AbortController();
        const onSignal = () => stop.abort();
        process.once('SIGTERM', onSignal);
        process.once('SIGINT', onSignal);
        try {
          return await serveCommand({
            env: process.env,
            writeError: (text) => process.stderr.write(text),
            signal: stop.signal,
          });
        } finally {
          process.off('SIGTERM', onSignal);
          process.off('SIGINT', onSignal);
        }
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        write(USAGE);
        return command === undefined ? 1 : 0;
      default:
        return usageError(`unknown command "${command}"`);
    }
  } catch (error) {
    process.stderr.write(`milestone-sync: ${(error as Error).message.split('\n')[0]}\n`);
    return 1;
  }
}

/** parseArgs without positionals; an unknown or malformed option is a usage error, not a crash. */
function parseOptions(params: {
  args: string[];
  options: ParseArgsConfig['options'];
}): { values: Record<string, string | boolean | undefined> } | { error: string } {
  try {
    const { values } = parseArgs({ args: params.args, options: params.options, strict: true });
    return { values: values as Record<string, string | boolean | undefined> };
  } catch (error) {
    return { error: (error as Error).message.split('\n')[0] ?? 'bad arguments' };
  }
}

function usageError(message: string): number {
  process.stderr.write(`milestone-sync: ${message}\n${USAGE}`);
  return 2;
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  // `milestone-sync preview … | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
