/**
 * A mistake in how the command was called: printed as one line, exit code 2. `command` (when the
 * mistake is in the arguments; '' for the top level) adds a second line pointing at that command's `--help`.
 */
export class UsageError extends Error {
  readonly command: string | null;
  constructor(message: string, options: { command?: string } = {}) {
    super(message);
    this.name = 'UsageError';
    this.command = options.command ?? null;
  }
}

/** What a usage error prints on stderr: the message, and the `--help` hint for argument mistakes. */
export function formatUsageError(error: UsageError): string {
  const hint =
    error.command === null
      ? ''
      : `Run 'milestone-sync ${error.command ? `${error.command} ` : ''}--help' for usage.\n`;
  return `milestone-sync: ${error.message}\n${hint}`;
}
