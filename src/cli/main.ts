#!/usr/bin/env node
import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ParseArgsConfig } from 'node:util';
import { parseArgs } from 'node:util';
import type { CommandName } from './command-usage.js';
import { COMMAND_USAGE, DEMO_UNAVAILABLE, USAGE } from './command-usage.js';
import { readEnvFile, withEnvFile } from './env-file.js';
import { previewCommand } from './preview-command.js';
import { renderProgress } from './render-progress.js';
import { syncCommand } from './sync-command.js';
import { UsageError, formatUsageError } from './usage-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | undefined>;

const HELP: Options = { help: { type: 'boolean', short: 'h' } };

/**
 * Entry point. Returns the process exit code; never throws. Every command takes `-h`/`--help`
 * (its usage on stdout, exit 0); an unknown option, a missing value or a stray argument is a
 * usage error: one line on stderr, a hint to `--help`, exit 2.
 */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const write = (text: string) => process.stdout.write(text);
  const writeError = (text: string) => process.stderr.write(text);
  try {
    switch (command) {
      case 'preview': {
        const args = parseCommand({
          command,
          args: rest,
          options: { json: { type: 'boolean' } },
          positionals: { min: 1, max: 1, missing: 'preview takes one plan file (or - for stdin)' },
        });
        if (args === 'help') return help(command);
        return await previewCommand({
          file: args.positionals[0] as string,
          json: args.values.json === true,
          write,
        });
      }
      case 'sync': {
        const args = parseCommand({
          command,
          args: rest,
          options: {
            repo: { type: 'string' },
            file: { type: 'string' },
            ref: { type: 'string' },
            'dry-run': { type: 'boolean' },
            json: { type: 'boolean' },
            timeout: { type: 'string' },
            'max-time': { type: 'string' },
          },
        });
        if (args === 'help') return help(command);
        const { values } = args;
        return await syncCommand({
          repo: values.repo as string | undefined,
          file: values.file as string | undefined,
          ref: values.ref as string | undefined,
          dryRun: values['dry-run'] === true,
          json: values.json === true,
          timeout: values.timeout as string | undefined,
          maxTime: values['max-time'] as string | undefined,
          env: process.env,
          write,
          writeError,
          onProgress: renderProgress({ stream: process.stderr }),
        });
      }
      case 'demo': {
        // The demo runs against the fake GitHub, which is not part of the package: it lives in
        // the source checkout (tools/demo.ts, `npm run demo`). Whatever the arguments, say so.
        if (rest.some((arg) => arg === '--help' || arg === '-h')) return help(command);
        writeError(DEMO_UNAVAILABLE);
        return 1;
      }
      case 'serve': {
        const args = parseCommand({ command, args: rest, options: { setup: { type: 'boolean' } } });
        if (args === 'help') return help(command);
        return await serve({ setup: args.values.setup === true });
      }
      case 'help':
      case '--help':
      case '-h': {
        const topic = rest[0];
        if (command === 'help' && topic !== undefined) {
          if (!isCommand(topic)) {
            throw new UsageError(`help: unknown command "${topic}"`, { command: 'help' });
          }
          if (rest.length > 1) throw new UsageError('help takes one command', { command: 'help' });
          return help(topic);
        }
        write(USAGE);
        return 0;
      }
      case '--version':
      case '-v':
      case 'version':
        write(`${readVersion()}\n`);
        return 0;
      case undefined:
        writeError(`milestone-sync: missing command\n${USAGE}`);
        return 2;
      default:
        throw new UsageError(
          command.startsWith('-')
            ? `unknown option '${command}' (options follow the command)`
            : `unknown command "${command}"`,
          { command: '' },
        );
    }
  } catch (error) {
    if (error instanceof UsageError) {
      writeError(formatUsageError(error));
      return 2;
    }
    writeError(`milestone-sync: ${((error as Error)?.message ?? String(error)).split('\n')[0]}\n`);
    return 1;
  }
}

function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMAND_USAGE, name);
}

function help(command: CommandName): number {
  process.stdout.write(COMMAND_USAGE[command]);
  return 0;
}

/**
 * Strict `parseArgs` for one command, `-h`/`--help` included: 'help' when help was asked for
 * (whatever else is on the line), else the values and positionals. Throws a `UsageError` naming
 * the command for an unknown option, a missing value or a wrong number of arguments.
 */
function parseCommand(params: {
  command: CommandName;
  args: string[];
  options: Options;
  positionals?: { min: number; max: number; missing: string };
}): 'help' | { values: Values; positionals: string[] } {
  const { command } = params;
  const wantsHelp = params.args.some((arg) => arg === '--help' || arg === '-h');
  if (wantsHelp) return 'help';
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({
      args: params.args,
      options: { ...params.options, ...HELP },
      strict: true,
      allowPositionals: params.positionals !== undefined,
    }) as { values: Values; positionals: string[] };
  } catch (error) {
    const message = ((error as Error).message.split('\n')[0] ?? 'bad arguments').replace(
      /\. To specify a positional argument starting with a '-'.*$/,
      '',
    );
    throw new UsageError(`${command}: ${message}`, { command });
  }
  const expected = params.positionals;
  if (expected) {
    if (parsed.positionals.length < expected.min) {
      throw new UsageError(`${command}: ${expected.missing}`, { command });
    }
    if (parsed.positionals.length > expected.max) {
      throw new UsageError(
        `${command}: unexpected argument '${parsed.positionals[expected.max]}'`,
        { command },
      );
    }
  }
  return parsed;
}

/**
 * `serve [--setup]`: the environment is the process's over `./.env` (the file the setup flow
 * writes; a variable set in the environment wins).
 */
async function serve(params: { setup: boolean }): Promise<number> {
  // Loaded on demand: Probot's server is not needed by preview or sync.
  const { serveCommand } = await import('./serve-command.js');
  const cwd = process.cwd();
  const envFile = join(cwd, '.env');
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  try {
    return await serveCommand({
      env: withEnvFile({ env: process.env, file: readEnvFile(envFile) }),
      write: (text) => process.stdout.write(text),
      writeError: (text) => process.stderr.write(text),
      signal: stop.signal,
      setup: params.setup ? { envFile, cwd } : undefined,
    });
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}

/** The package's version: package.json is two levels up from src/cli/ and from dist/cli/ alike. */
function readVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
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
