import { parsePlan } from '../plan/parse-plan.js';
import { planToJson } from '../report/plan-to-json.js';
import { renderPlanTree } from '../report/render-plan-tree.js';
import { readTextFile } from './read-text-file.js';

/**
 * `milestone-sync preview <file> [--json]`: parse a plan file and print it. Exit code 0 when the
 * file was read (diagnostics are part of the output, not failures); 1 with a one-line error when it
 * could not be read.
 */
export async function previewCommand(params: {
  file: string;
  json: boolean;
  write: (text: string) => void;
}): Promise<number> {
  const text = await readTextFile(params.file);
  const result = parsePlan({ text });
  params.write(
    params.json
      ? JSON.stringify(planToJson(result), null, 2) + '\n'
      : renderPlanTree({ file: params.file, result }),
  );
  return 0;
}
