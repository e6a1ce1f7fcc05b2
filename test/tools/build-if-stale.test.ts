import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isBuildStale } from '../../tools/build-if-stale.js';

/** A checkout with src/a.ts and (optionally) dist/cli/main.js, at the given times (s). */
function checkout(params: { source: number; built?: number; tsconfig?: number }): string {
  const root = mkdtempSync(join(tmpdir(), 'build-if-stale-'));
  mkdirSync(join(root, 'src', 'plan'), { recursive: true });
  writeFileSync(join(root, 'src', 'plan', 'a.ts'), '');
  utimesSync(join(root, 'src', 'plan', 'a.ts'), params.source, params.source);
  writeFileSync(join(root, 'tsconfig.json'), '{}');
  const tsconfig = params.tsconfig ?? params.source;
  utimesSync(join(root, 'tsconfig.json'), tsconfig, tsconfig);
  if (params.built !== undefined) {
    mkdirSync(join(root, 'dist', 'cli'), { recursive: true });
    writeFileSync(join(root, 'dist', 'cli', 'main.js'), '');
    utimesSync(join(root, 'dist', 'cli', 'main.js'), params.built, params.built);
  }
  return root;
}

describe('npm start builds only when dist/ is stale', () => {
  it.each([
    { name: 'no dist/', source: 1000, built: undefined, stale: true },
    { name: 'a source file newer than the build', source: 2000, built: 1000, stale: true },
    {
      name: 'tsconfig.json newer than the build',
      source: 1000,
      built: 1500,
      tsconfig: 2000,
      stale: true,
    },
    { name: 'built after every source', source: 1000, built: 2000, stale: false },
  ])('$name → stale: $stale', ({ source, built, tsconfig, stale }) => {
    expect(isBuildStale(checkout({ source, built, tsconfig }))).toBe(stale);
  });
});
