import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { readTextFile } from '../../src/cli/read-text-file.js';
import { UsageError } from '../../src/cli/usage-error.js';
import type { PlanFile } from './check-types.js';

/**
 * The plans named on the command line: a file as given (whatever its extension), a folder as its
 * `.md` files (not its subfolders), in name order. A missing path, an unreadable or non-UTF-8
 * file, or a folder without `.md` files is a UsageError.
 */
export async function readPlanFiles(paths: string[]): Promise<PlanFile[]> {
  const files: PlanFile[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (!info) throw new UsageError(`no such file or folder: ${path}`);
    const names = info.isDirectory()
      ? (await readdir(path, { withFileTypes: true }))
          .filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith('.md'))
          .map((entry) => join(path, entry.name))
          .sort()
      : [path];
    if (names.length === 0) throw new UsageError(`no .md files in ${path}`);
    for (const name of names) {
      const text = await readTextFile(name).catch((error: Error) => {
        throw new UsageError(error.message);
      });
      files.push({ name: basename(name), path: name, text });
    }
  }
  return files;
}
