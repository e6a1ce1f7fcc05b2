import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type ToolMain = (params: {
  argv: string[];
  write: (text: string) => void;
  writeError: (text: string) => void;
}) => Promise<number>;

/**
 * Runs a tool's `main` with the process's arguments and streams when the module at `url` is the
 * script node was started with (`tsx tools/x.ts`), not when a test imports it; sets the exit code.
 */
export async function runAsScript(params: { url: string; main: ToolMain }): Promise<void> {
  if (!isEntryPoint(params.url)) return;
  process.exitCode = await params.main({
    argv: process.argv.slice(2),
    write: (text) => process.stdout.write(text),
    writeError: (text) => process.stderr.write(text),
  });
}

function isEntryPoint(url: string): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(url));
  } catch {
    return false;
  }
}
