/**
 * npm run schema: writes schema.json (the JSON Schema of .github/milestone-sync.yml) at the
 * repository root from the zod schemas. test/tools/write-schema.test.ts fails when it is stale.
 */
import { writeFileSync } from 'node:fs';
import { formatConfigJsonSchema } from '../src/app/build-config-json-schema.js';

const target = new URL('../schema.json', import.meta.url);
writeFileSync(target, formatConfigJsonSchema());
console.log(`Wrote ${target.pathname}`);
