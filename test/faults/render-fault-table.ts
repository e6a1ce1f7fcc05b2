import type { FaultCase, FaultResult, KindedCheck } from './fault-case.js';

/** One case and what came of it, for the report. */
export interface FaultRow {
  faultCase: Pick<FaultCase, 'id' | 'title'>;
  result: FaultResult;
}

function cellOf(checks: KindedCheck[]): string {
  if (checks.length === 0) return 'n/a';
  const failed = checks.filter((c) => !c.ok);
  const shown = failed.length > 0 ? failed : checks;
  return `${failed.length > 0 ? '❌' : '✅'} ${shown.map((c) => c.detail).join('; ')}`;
}

function seconds(ms: number): string {
  return ms >= 60_000 ? `${(ms / 60_000).toFixed(1)} min` : `${Math.round(ms / 1000)} s`;
}

/**
 * The suite's table: case | injected | what the app did | duplicates | lost | result. The
 * duplicates and lost cells are the details of those checks (what was counted); the result cell
 * counts the checks that passed and names the ones that did not.
 */
export function renderFaultTable(rows: FaultRow[]): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const line = (cells: string[]) => `| ${cells.map(escape).join(' | ')} |`;
  const header = ['case', 'injected', 'what the app did', 'duplicates', 'lost', 'result'];
  const body = rows.map(({ faultCase, result }) => {
    const failed = result.checks.filter((c) => !c.ok);
    const cost = [
      result.calls !== undefined ? `${result.calls} API calls` : null,
      result.waitedMs ? `waited ${seconds(result.waitedMs)} (virtual time)` : null,
    ].filter((part) => part !== null);
    return line([
      `**${faultCase.id}**<br>${faultCase.title}`,
      result.injected,
      `${result.did}${cost.length > 0 ? ` (${cost.join(', ')})` : ''}`,
      cellOf(result.checks.filter((c) => c.kind === 'duplicates')),
      cellOf(result.checks.filter((c) => c.kind === 'lost')),
      failed.length === 0
        ? `✅ ${result.checks.length}/${result.checks.length} checks`
        : `❌ ${result.checks.length - failed.length}/${result.checks.length}: ${failed.map((c) => `${c.name} (${c.detail})`).join('; ')}`,
    ]);
  });
  return [line(header), `| ${header.map(() => '---').join(' | ')} |`, ...body].join('\n');
}
