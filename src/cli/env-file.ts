import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

/**
 * The variables of a `.env` file, read with Node's own parser (`KEY=value` lines, `#` comments,
 * single or double quotes; `\n` inside double quotes is a newline): none when the file does not
 * exist. Other read errors (a folder, no permission) are thrown.
 */
export function readEnvFile(path: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(parseEnv(text))) {
    if (value !== undefined) values[name] = value;
  }
  return values;
}

/**
 * The environment a command runs with: the `.env` file's variables under the process's own, so a
 * variable set in the environment (even to the empty string) wins over the file, as with
 * `node --env-file`.
 */
export function withEnvFile(params: {
  env: Record<string, string | undefined>;
  file: Record<string, string>;
}): Record<string, string | undefined> {
  return { ...params.file, ...params.env };
}

/**
 * Adds `values` to the `.env` file at `path` (creating it), keeping its other variables, and
 * returns everything the file now holds. The file is written readable by its owner only (0600):
 * it holds the app's private key. A value wrapped in double quotes (Probot's setup passes the
 * key as `"<pem>"`) is unwrapped first. Each value is written so that `readEnvFile` reads it
 * back as given: bare when it can be, else in double quotes with newlines as `\n`, else in single
 * quotes; a value that fits none (a newline and a double quote) is refused.
 *
 * Comments and the order of lines already in the file are not kept.
 */
export function updateEnvFile(params: {
  path: string;
  values: Record<string, string>;
}): Record<string, string> {
  const merged = { ...readEnvFile(params.path) };
  for (const [name, value] of Object.entries(params.values)) merged[name] = unwrapQuotes(value);
  const text = Object.entries(merged)
    .map(([name, value]) => `${name}=${formatEnvValue({ name, value })}\n`)
    .join('');
  writeFileSync(params.path, text, { mode: 0o600 });
  // `mode` applies only when the file is created.
  chmodSync(params.path, 0o600);
  return merged;
}

/** `"x"` → `x`: Probot's setup flow passes the private key wrapped in double quotes. */
export function unwrapQuotes(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"')
    ? value.slice(1, -1)
    : value;
}

function formatEnvValue(params: { name: string; value: string }): string {
  const { name, value } = params;
  if (/^[^\s#"'`\\]*$/.test(value)) return value;
  if (!value.includes('"') && !value.includes('\\n')) return `"${value.replace(/\n/g, '\\n')}"`;
  if (!value.includes("'") && !value.includes('\n')) return `'${value}'`;
  throw new Error(`cannot write ${name} to a .env file: its value has both quotes and newlines`);
}
