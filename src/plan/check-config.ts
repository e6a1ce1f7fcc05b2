import type { z } from 'zod';

/**
 * Parses a config mapping with a strict zod object schema (maybe piped into a transform) and
 * returns the valid part plus one "Unexpected X, expected Y" message per key at fault, in the
 * input's key order. Keys at fault are dropped and the rest parsed again, so valid keys (and the
 * schema's defaults) still apply next to invalid ones. `expected` lists every known key, in the
 * order unknown-key messages name them. null or undefined is an empty mapping.
 * https://zod.dev/api?id=strictobject
 */
export function checkConfig<Schema extends z.ZodType>(params: {
  schema: Schema;
  input: unknown;
  expected: Record<string, string>;
  /** The message for input that is not a mapping, given how the input reads. */
  notMapping: (found: string) => string;
}): { value: z.output<Schema>; problems: string[] } {
  const { schema, input, expected } = params;
  if (input === null || input === undefined) return { value: schema.parse({}), problems: [] };
  if (typeof input !== 'object' || Array.isArray(input)) {
    return { value: schema.parse({}), problems: [params.notMapping(describeValue(input))] };
  }
  const result = schema.safeParse(input);
  if (result.success) return { value: result.data, problems: [] };
  const atFault = new Set<string>();
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') for (const key of issue.keys) atFault.add(key);
    else if (typeof issue.path[0] === 'string') atFault.add(issue.path[0]);
  }
  const known = Object.keys(expected);
  const problems: string[] = [];
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    if (!atFault.has(key)) rest[key] = value;
    else if (Object.hasOwn(expected, key)) {
      problems.push(`Unexpected ${key} ${describeValue(value)}, expected ${expected[key]}`);
    } else problems.push(`Unexpected config key "${key}", expected one of ${known.join(', ')}`);
  }
  // The schema accepts every key it did not fault; a throw here is a bug in the schema.
  return { value: schema.parse(rest), problems };
}

/** A config value as a message shows it: strings quoted, containers by kind. */
function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}
