import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const fixtures = new URL('../fixtures/', import.meta.url);

/** A fixture exactly as stored (decoded as UTF-8, BOM and line endings kept). */
export function readFixture(path: string): string {
  return readFileSync(fileURLToPath(new URL(path, fixtures)), 'utf8');
}

export function readSeed(name: string): string {
  return readFixture(`seeds/${name}`);
}

export const SEED_NAMES = [
  'enterprise-rust-MILESTONES.md',
  'axum-cloudflare-MILESTONES.md',
  'elemta-MILESTONES.md',
  'eutlas-PHASES.md',
  'feature-flags-MILESTONES.md',
] as const;
