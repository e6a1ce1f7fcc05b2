import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface SeedPlan {
  name: string;
  text: string;
  bytes: number;
}

/** The real plans in test/fixtures/seeds (every `.md` except the SEEDS.md index), by name. */
export function readSeeds(root: string): SeedPlan[] {
  const dir = join(root, 'test', 'fixtures', 'seeds');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.md') && name !== 'SEEDS.md')
    .sort()
    .map((name) => {
      const text = readFileSync(join(dir, name), 'utf8');
      return { name, text, bytes: Buffer.byteLength(text, 'utf8') };
    });
}
