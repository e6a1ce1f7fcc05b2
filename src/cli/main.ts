#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { previewCommand } from './preview-command.js';

const USAGE = `Usage:
  milestone-sync preview <file> [--json]   Parse a plan file and print milestones, deliverables and diagnostics
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
