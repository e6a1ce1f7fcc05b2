import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchSection } from './section-types.js';

/**
 * Imports every `bench-*.ts` (or `.js`) in `dir`; each exports `benchSection` or `benchSections`.
 * TypeScript files need a loader that runs them (tsx, as `npm run bench` does, or vitest).
 */
export async function discoverSections(dir: string): Promise<BenchSection[]> {
  const files = readdirSync(dir)
    .filter((name) => /^bench-[a-z0-9-]+\.[jt]s$/.test(name))
    .sort();
  const sections: BenchSection[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(join(dir, file)).href)) as Record<string, unknown>;
    const found = sectionsOf({ module, file });
    if (found.length === 0) {
      throw new Error(
        `Unexpected ${file} without a benchSection export, expected a BenchSection (see section-types.ts)`,
      );
    }
    for (const section of found) sections.push(section);
  }
  const seen = new Set<string>();
  for (const section of sections) {
    if (!/^[a-z0-9-]+$/.test(section.id) || seen.has(section.id)) {
      throw new Error(
        `Unexpected bench section id ${JSON.stringify(section.id)}, expected a unique id of a-z, 0-9 and -`,
      );
    }
    seen.add(section.id);
  }
  return sections;
}

/** `benchSection`, `benchSections`, or else a lone `bench<Name>(): Promise<string>` function. */
function sectionsOf(params: { module: Record<string, unknown>; file: string }): BenchSection[] {
  const { module, file } = params;
  const single = module.benchSection as BenchSection | undefined;
  const many = module.benchSections as BenchSection[] | undefined;
  if (single || many) return [...(single ? [single] : []), ...(many ?? [])];
  const functions = Object.entries(module).filter(
    (entry): entry is [string, () => Promise<string>] =>
      /^bench[A-Z]/.test(entry[0]) && typeof entry[1] === 'function' && entry[1].length === 0,
  );
  const only = functions.length === 1 ? functions[0] : undefined;
  if (!only) return [];
  const run = only[1];
  return [{ id: file.replace(/^bench-/, '').replace(/\.[jt]s$/, ''), run: () => run() }];
}
