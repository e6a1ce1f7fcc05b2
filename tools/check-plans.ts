/**
 * `npm run check-plans -- <folder|file>...`: syncs every plan against a fresh fake GitHub and
 * checks that it settles (issue #6): a dry run writes nothing, the second sync plans and writes
 * nothing, a person's close is ticked on exactly its line, and no pre-existing issue the plan does
 * not link by this repository's number changes. See tools/plan-check/check-plan-file.ts.
 *
 * Exit code: 0 when every file settled (or was skipped), 1 when any failed, 2 for usage errors.
 */
import { parseArgs } from 'node:util';
import { UsageError } from '../src/cli/usage-error.js';
import { checkPlanFile } from './plan-check/check-plan-file.js';
import type { CheckSummary, FileCheck, PlanFile } from './plan-check/check-types.js';
import { readPlanFiles } from './plan-check/read-plan-files.js';
import { renderFileCheck, renderSummary } from './plan-check/render-check-results.js';
import { runAsScript } from './run-as-script.js';

export type { CheckSummary, FileCheck, PlanFile } from './plan-check/check-types.js';

const USAGE = `Usage: npm run check-plans -- [--json] <folder|file>...

Syncs each plan (every .md file of a folder, or a file as given) into a fresh fake GitHub
repository acme/plan that already holds people's issues #1–#15, then checks that:
  - a dry run sends no write;
  - the first sync applies with no failed action;
  - a second sync plans and writes nothing;
  - after a person closes one deliverable's issue, the next sync ticks exactly its line,
    and the sync after that does nothing;
  - no pre-existing issue the plan does not link (#N, acme/plan#N, its URL) changed;
  - the fake saw no request or response that breaks GitHub's published schema.
A README.md with no deliverables is skipped. Exit code 0 when every file settled, 1 otherwise,
2 for usage errors.

Options:
  --json   print the results as JSON
  --help   show this help
`;

/** Checks each file in turn; `log` receives each file's rendered result as soon as it is known. */
export async function checkPlans(params: {
  files: PlanFile[];
  log?: (text: string) => void;
}): Promise<CheckSummary> {
  const files: FileCheck[] = [];
  for (const file of params.files) {
    const check = await checkPlanFile({ file });
    params.log?.(renderFileCheck(check));
    files.push(check);
  }
  const count = (status: string) => files.filter((f) => f.status === status).length;
  return {
    files,
    settled: count('settled'),
    failed: count('failed'),
    skipped: count('skipped'),
    ok: count('failed') === 0,
  };
}

/** The command line; returns the exit code and never throws. */
export async function main(params: {
  argv: string[];
  write: (text: string) => void;
  writeError: (text: string) => void;
}): Promise<number> {
  const { write, writeError } = params;
  try {
    const { values, positionals } = parseArgs({
      args: params.argv,
      options: {
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: true,
    });
    if (values.help) {
      write(USAGE);
      return 0;
    }
    if (positionals.length === 0) throw new UsageError('name at least one folder or plan file');
    const files = await readPlanFiles(positionals);
    const summary = await checkPlans({ files, log: values.json ? undefined : write });
    write(values.json ? JSON.stringify(summary, null, 2) + '\n' : renderSummary(summary));
    return summary.ok ? 0 : 1;
  } catch (error) {
    const usage =
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    writeError(`check-plans: ${(error as Error).message}\n${usage ? `\n${USAGE}` : ''}`);
    return usage ? 2 : 1;
  }
}

await runAsScript({ url: import.meta.url, main });
