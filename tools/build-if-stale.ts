/**
 * `npm start` runs this before `node dist/cli/main.js serve --setup`: runs `npm run build` when
 * dist/ is missing or older than a source file (src/, tsconfig.json, tsconfig.build.json), so a
 * fresh checkout or a pull is built once and a second start does not wait for tsc.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAsScript } from './run-as-script.js';

/** Newest modification time (ms) of the files under `paths` (folders walked); 0 for none. */
export function newestMtime(paths: string[]): number {
  let newest = 0;
  for (const path of paths) {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      continue;
    }
    if (stat.isDirectory()) {
      const children = readdirSync(path).map((name) => join(path, name));
      newest = Math.max(newest, newestMtime(children));
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  }
  return newest;
}

/** Whether the compiled entry point is missing or older than a source it is built from. */
export function isBuildStale(root: string): boolean {
  const built = newestMtime([join(root, 'dist', 'cli', 'main.js')]);
  if (built === 0) return true;
  const sources = ['src', 'tsconfig.json', 'tsconfig.build.json'].map((name) => join(root, name));
  return newestMtime(sources) > built;
}

await runAsScript({
  url: import.meta.url,
  main: async ({ write }) => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    if (!isBuildStale(root)) return 0;
    write('dist/ is missing or older than src/: npm run build\n');
    const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
    return result.status ?? 1;
  },
});
