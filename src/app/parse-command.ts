/** The word that starts a command: `/milestone-sync sync`. */
export const COMMAND_PREFIX = '/milestone-sync';

/** The verbs the app obeys. */
export const COMMAND_VERBS = ['sync', 'preview'] as const;
export type CommandVerb = (typeof COMMAND_VERBS)[number];

export type ParsedCommand =
  /** A verb the app knows; `extra` are the words after it, which it ignores (and says so). */
  | { kind: 'command'; verb: CommandVerb; line: string; extra: string[] }
  /** `/milestone-sync` with no verb or an unknown one (`word`, null when none): answered with the usage. */
  | { kind: 'unknown'; word: string | null; line: string };

/**
 * The command in a comment, or null when the comment is not one: its first non-empty line must be
 * `/milestone-sync <verb> …` (words separated by whitespace, compared case-insensitively). Only the
 * first line counts, so a comment that quotes a command (`> /milestone-sync sync`), mentions one
 * further down, or shows one in a code block asks for nothing. `line` is that line, trimmed.
 */
export function parseCommand(body: string | null | undefined): ParsedCommand | null {
  const line = (body ?? '')
    .split(/\r\n|\r|\n/)
    .map((text) => text.trim())
    .find((text) => text !== '');
  if (line === undefined) return null;
  const [prefix = '', word, ...extra] = line.split(/\s+/);
  if (prefix.toLowerCase() !== COMMAND_PREFIX) return null;
  if (word === undefined) return { kind: 'unknown', word: null, line };
  const verb = COMMAND_VERBS.find((known) => known === word.toLowerCase());
  if (verb === undefined) return { kind: 'unknown', word, line };
  return { kind: 'command', verb, line, extra };
}
