import type { SyncReport } from '../sync/sync-repo.js';
import { renderSyncReport } from './render-sync-report.js';

/** Replies stay under this many characters (GitHub refuses comments over 65,536). */
export const COMMAND_REPLY_BUDGET = 20_000;

/**
 * The hidden marker that starts the app's reply to the command in comment `commentId`: before
 * answering, the app looks for it, so a redelivered webhook never answers a command twice.
 */
export function commandReplyMarker(commentId: number): string {
  return `<!-- milestone-sync:command-reply ${commentId} -->`;
}

export interface CommandReply {
  /** The comment that holds the command. */
  commentId: number;
  /** Its web address, linked from the quoted command; null: not linked. */
  commentUrl: string | null;
  /** The command line as written. */
  line: string;
  /** What happened: Markdown (it may quote user text, so HTML and mentions are escaped). */
  message: string;
  /** Words after the verb that were ignored. */
  ignored?: string[];
  /** A sync report, folded into `<details>`. */
  report?: SyncReport | null;
}

/** Report sizes tried in order until the reply fits COMMAND_REPLY_BUDGET. */
const REPORT_STEPS = [
  { maxPerGroup: 10, maxNotes: 20 },
  { maxPerGroup: 3, maxNotes: 5 },
  { maxPerGroup: 0, maxNotes: 0 },
];

/**
 * The app's reply to a command: the marker, the command quoted (as code, linked to its comment),
 * the message, the ignored words, and the report folded into `<details>` (its actions capped per
 * group, smaller and smaller until the reply fits COMMAND_REPLY_BUDGET; left out when even the
 * smallest does not). Pure. Text from users (the command line, the message, titles in the report)
 * cannot mention anyone, open HTML or close the marker.
 */
export function renderCommandReply(reply: CommandReply): string {
  const command = codeSpan(reply.line);
  const quoted = reply.commentUrl ? `[${command}](${reply.commentUrl})` : command;
  const head = [
    commandReplyMarker(reply.commentId),
    `> ${quoted}`,
    '',
    escapeUserText(reply.message.trim()),
    '',
  ];
  if (reply.ignored && reply.ignored.length > 0) {
    head.push(`Ignored after the command: ${codeSpan(reply.ignored.join(' '))}.`, '');
  }
  const text = `${head.join('\n')}\n`;
  if (!reply.report) return `${text.trimEnd()}\n`;
  for (const step of REPORT_STEPS) {
    const details = renderDetails(renderSyncReport({ report: reply.report, ...step }));
    if (text.length + details.length <= COMMAND_REPLY_BUDGET) return `${text}${details}`;
  }
  return `${text}The full report is too long for a comment; the app's log has the summary.\n`;
}

/** The report without its headline (the message says it), escaped, in `<details>`. */
function renderDetails(report: string): string {
  const body = report.replace(/^## .*\n\n?/, '');
  if (body.trim() === '') return '';
  return `<details><summary>Report</summary>\n\n${escapeUserText(body).trimEnd()}\n\n</details>\n`;
}

/** Inline code that no backtick in `text` can close, on one line, at most 200 characters. */
export function codeSpan(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  const short = chars.length <= 200 ? flat : `${chars.slice(0, 199).join('')}…`;
  return `\`${short.replace(/`/g, "'")}\``;
}

/** No HTML (a title could close `<details>` or the marker) and no mentions (`@team` notifies). */
function escapeUserText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/@(?=[A-Za-z0-9])/g, '@\u200b');
}
