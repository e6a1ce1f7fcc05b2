import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverSections } from '../../bench/discover-sections.js';
import { parseBenchArgs } from '../../bench/parse-bench-args.js';

describe('parseBenchArgs', () => {
  it('reads --only lists, --quick (no write by default) and --no-write', () => {
    expect(parseBenchArgs([])).toEqual({
      only: null,
      quick: false,
      write: true,
      list: false,
      help: false,
    });
    expect(parseBenchArgs(['--only', 'parse,sync', '--only=pacing']).only).toEqual([
      'parse',
      'sync',
      'pacing',
    ]);
    expect(parseBenchArgs(['--quick']).write).toBe(false);
    expect(parseBenchArgs(['--quick', '--write']).write).toBe(true);
    expect(parseBenchArgs(['--no-write']).write).toBe(false);
  });

  it('rejects unknown arguments and an empty --only', () => {
    expect(() => parseBenchArgs(['--fast'])).toThrow(/Unexpected argument/);
    expect(() => parseBenchArgs(['--only'])).toThrow(/--only/);
  });
});

describe('discoverSections', () => {
  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('finds bench-*.js files in name order: benchSection, benchSections, or one bench<Name>()', async () => {
    dir = mkdtempSync(join(tmpdir(), 'bench-discover-'));
    writeFileSync(
      join(dir, 'bench-b.js'),
      "export const benchSection = { id: 'b', title: 'B', run: async () => 'b' };\n",
    );
    writeFileSync(
      join(dir, 'bench-a.js'),
      "export const benchSections = [{ id: 'a1', run: async () => 'a1' }, { id: 'a2', run: async () => 'a2' }];\n",
    );
    writeFileSync(
      join(dir, 'bench-pacing.js'),
      "export async function benchPacing() { return '## P'; }\n",
    );
    writeFileSync(join(dir, 'helper.js'), 'export const benchSection = 1;\n');
    const sections = await discoverSections(dir);
    expect(sections.map((s) => s.id)).toEqual(['a1', 'a2', 'b', 'pacing']);
    expect(sections[3]?.title).toBeUndefined();
    await expect(sections[3]?.run({} as never)).resolves.toBe('## P');
  });

  it('refuses a bench file without a section and duplicate ids', async () => {
    dir = mkdtempSync(join(tmpdir(), 'bench-discover-'));
    writeFileSync(join(dir, 'bench-empty.js'), 'export const nothing = 1;\n');
    await expect(discoverSections(dir)).rejects.toThrow(/without a benchSection/);
    rmSync(join(dir, 'bench-empty.js'));
    writeFileSync(
      join(dir, 'bench-x.js'),
      "export const benchSection = { id: 'x', run: async () => '' };\n",
    );
    writeFileSync(
      join(dir, 'bench-y.js'),
      "export const benchSection = { id: 'x', run: async () => '' };\n",
    );
    await expect(discoverSections(dir)).rejects.toThrow(/unique id/);
  });
});
