/**
 * The contract between the bench runner (run-bench.ts) and a benchmark section.
 *
 * To add a benchmark, create `bench/bench-<name>.ts` exporting `benchSection` (or an array
 * `benchSections`). The runner finds every `bench-*.ts` next to it in bench/, runs the selected
 * sections in file-name order, prints their Markdown and replaces only their own part of
 * docs/BENCHMARKS.md (between `<!-- bench:<id>:start -->` and `<!-- bench:<id>:end -->`).
 *
 * A file that exports no `benchSection` but one function named `bench<Something>` taking no
 * argument and resolving to Markdown (e.g. `benchSync` in bench-sync.ts) also works: it becomes
 * a section whose id is the file name without `bench-` (`sync`) and whose Markdown brings its own
 * headings.
 */
export interface BenchSection {
  /** Stable id: lower-case letters, digits and `-`. Used by `--only` and in the markers. */
  id: string;
  /** Heading (`##`) the runner writes above the section; omit when the Markdown has its own. */
  title?: string;
  /** Runs the benchmark; returns the section's Markdown body (no heading, no environment line). */
  run(context: BenchContext): Promise<string>;
}

export interface BenchContext {
  /** Fewer runs and smaller inputs: a smoke run whose numbers are not comparable. */
  quick: boolean;
  /** Progress for humans, written to stderr so that stdout stays the report. */
  log: (message: string) => void;
  /** Absolute path of the repository root (fixtures live under it). */
  root: string;
  /** Absolute path of the bench directory (bench/, TypeScript run by tsx), for child processes. */
  benchDir: string;
}
