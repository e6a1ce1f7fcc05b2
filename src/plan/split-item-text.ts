import type { ItemStatus } from './plan-types.js';
import { damageText, repairText } from './repair-encoding.js';

/** What trails or leads a deliverable's text besides its title. */
export interface ItemText {
  /** Offsets of the title inside the given text (title = text.slice(titleStart, titleEnd)). */
  titleStart: number;
  titleEnd: number;
  issue: number | null;
  /** `owner/name` of a linked issue written as a URL or `owner/repo#N`; null otherwise. */
  issueRepo: string | null;
  assignees: string[];
  priority: string | null;
  /** A trailing status emoji such as 🔄, when present. */
  statusHint: ItemStatus | null;
}

const PLAIN_GLYPHS = ['✅', '✔️', '✔', '☑️', '☑', '🔄', '🚧', '🟡', '❌', '⬜', '⏳'];

function glyphPattern(glyphs: string[]): RegExp {
  const sorted = [...glyphs].sort((a, b) => b.length - a.length).map(escapeRegExp);
  return new RegExp(`(?:^|\\s)(${sorted.join('|')})$`, 'u');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A link target, read for what it names: an issue URL (`https://host/owner/repo/issues/N`) links
 * that issue of `owner/repo`; any other URL (a pull request, a file, a site) links nothing;
 * anything else (`#anchor`, a relative path, none) leaves the `#N` written before it as this
 * repository's issue.
 */
function readTarget(params: { target: string; out: ItemText; number: number }): void {
  const { target, out } = params;
  if (out.issue !== null) return;
  const url = ISSUE_URL.exec(target);
  if (url) {
    out.issue = Number(url[3]);
    out.issueRepo = `${url[1]}/${url[2]}`;
    return;
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return;
  out.issue = params.number;
  out.issueRepo = null;
}

const ISSUE_URL_TEXT = String.raw`https?:\/\/[^\s/<>()]+\/[^\s/<>()]+\/[^\s/<>()]+\/issues\/\d{1,9}(?:[/?#][^\s<>()]*)?`;
const ANY_URL_TEXT = String.raw`https?:\/\/[^\s<>()]+`;
const URL_OBJECT_WORDS =
  'on|at|in|to|into|from|via|see|compare|merge|of|for|and|or|with|by|under|using|use|visit|per';
const ISSUE_URL = /^https?:\/\/[^\s/]+\/([^\s/]+)\/([^\s/]+)\/issues\/(\d{1,9})(?:[/?#][^\s]*)?$/;

const TRAILING_RULES: { re: RegExp; apply: (m: RegExpExecArray, out: ItemText) => void }[] = [
  // `#123`, `(#123)`, `[#123]`, `[#123](target)`, `owner/repo#123`: an issue reference. A link
  // target decides what `[#N](…)` means (see readTarget).
  {
    re: /(?:^|[\s(])\(?\[?(?:([A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9._-]{1,100}))?#(\d{1,9})\]?(?:\(([^)\s]*)\))?\)?$/,
    apply: (m, out) => {
      const number = Number(m[2]);
      if (m[3] !== undefined && m[3] !== '') {
        readTarget({ target: m[3], out, number });
        return;
      }
      if (out.issue !== null) return;
      out.issue = number;
      out.issueRepo = m[1] ?? null;
    },
  },
  // An issue URL at the end, bare or in `( )` / `< >`: links that issue of that repository.
  {
    re: new RegExp(
      `(?:^|\\s)(?:\\((${ISSUE_URL_TEXT})\\)|<(${ISSUE_URL_TEXT})>|(${ISSUE_URL_TEXT}))$`,
    ),
    apply: (m, out) => readTarget({ target: m[1] ?? m[2] ?? m[3] ?? '', out, number: 0 }),
  },
  // Any other URL at the end (a pull request, a document) is taken out of the title and links
  // nothing, unless it is the object of the sentence (`hosted on https://…`, `then merge
  // https://…/pull/7`): after such a word it stays in the title.
  {
    re: new RegExp(
      `(?<!\\b(?:${URL_OBJECT_WORDS})\\s*)(?:^|\\s)(?:\\((${ANY_URL_TEXT})\\)|<(${ANY_URL_TEXT})>|(${ANY_URL_TEXT}))$`,
      'i',
    ),
    apply: () => {},
  },
  // Mentions in parentheses: `(@alice)`, `(@alice, @bob)`; collected as assignees elsewhere.
  {
    re: /(?:^|\s)\([ \t]*@[A-Za-z0-9][A-Za-z0-9-]{0,38}(?:[ \t]*[, \t][ \t]*@[A-Za-z0-9][A-Za-z0-9-]{0,38}){0,20}[ \t]*\)$/,
    apply: () => {},
  },
  // Priority marker: (P1), [P1], **P1**, `P1`, P1
  {
    re: /(?:^|\s)(?:\(|\[|\*\*|`)?(P[0-4])(?:\)|\]|\*\*|`)?$/,
    apply: (m, out) => {
      out.priority ??= m[1] ?? null;
    },
  },
  // Status emoji at the end.
  {
    re: glyphPattern(PLAIN_GLYPHS),
    apply: (m, out) => {
      const glyph = repairText(m[1] ?? '');
      out.statusHint ??= /✅|✔|☑/u.test(glyph)
        ? 'done'
        : /🔄|🚧|🟡/u.test(glyph)
          ? 'in-progress'
          : 'todo';
    },
  },
];

/**
 * A separator left dangling once a trailing part is taken out: `Swarm API - https://…` reads
 * `Swarm API`. A dash needs a space before it (`x-` stays); `:` and `,` are taken as they are.
 */
const DANGLING_SEPARATOR = /(?:[ \t]+[-–—]+|[:,])$/;

/** The same rules for a double-encoded file, whose emoji read `üîÑ` for 🔄. */
const DAMAGED_TRAILING_RULES = TRAILING_RULES.map((rule, index) =>
  index === TRAILING_RULES.length - 1
    ? { ...rule, re: glyphPattern(PLAIN_GLYPHS.map(damageText)) }
    : rule,
);

const LEADING_PRIORITY = /^(?:\(|\[|\*\*|`)?(P[0-4])(?:\)|\]|\*\*|`)?(?::|[ \t]+-|[ \t]*\|)?[ \t]+/;
const MENTION = /(^|[\s(,])@([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})(?![\w/@.-]*\w)/g;
const LOGIN = /^@[A-Za-z0-9][A-Za-z0-9-]{0,38}$/;
/** Longest trailing part a rule can strip (an issue URL is the longest). */
const TAIL = 400;

/**
 * Where a run of trailing `@login` mentions (separated by spaces or commas) starts, scanning
 * backwards token by token; `end` when the text does not end with a mention.
 */
function trailingMentionsStart(params: { text: string; start: number; end: number }): number {
  const { text, start } = params;
  let end = params.end;
  let found = params.end;
  for (;;) {
    while (end > start && /[\s,]/.test(text[end - 1] ?? '')) end--;
    let tokenStart = end;
    while (tokenStart > start && !/[\s,]/.test(text[tokenStart - 1] ?? '')) tokenStart--;
    if (tokenStart === end || !LOGIN.test(text.slice(tokenStart, end))) return found;
    found = tokenStart;
    end = tokenStart;
  }
}

/**
 * Splits the text of a deliverable (what follows its checkbox, or its table cell) into the title
 * and the trailing/leading metadata the author wrote: a linked issue, priority, assignees, a
 * status emoji. Offsets are relative to `text`; the title span never includes surrounding spaces.
 */
export function splitItemText(params: { text: string; doubleEncoded?: boolean }): ItemText {
  const { text } = params;
  const rules = params.doubleEncoded ? DAMAGED_TRAILING_RULES : TRAILING_RULES;
  const out: ItemText = {
    titleStart: 0,
    titleEnd: text.length,
    issue: null,
    issueRepo: null,
    assignees: [],
    priority: null,
    statusHint: null,
  };
  out.assignees = collectMentions(text);
  let end = trimEnd(text, text.length);
  let start = trimStart(text, 0, end);
  const lead = LEADING_PRIORITY.exec(text.slice(start, end));
  if (lead && lead[0].length < end - start) {
    out.priority = lead[1] ?? null;
    start += lead[0].length;
  }
  // Strip trailing parts one at a time. Each rule only looks at the last TAIL characters, so a
  // line with many trailing parts stays linear (a trailing part is never longer than that).
  for (let changed = true; changed && end > start;) {
    changed = false;
    const mentionsStart = trailingMentionsStart({ text, start, end });
    if (mentionsStart > start && mentionsStart < end) {
      end = dropDanglingSeparator({ text, start, end: trimEnd(text, mentionsStart) });
      changed = true;
      continue;
    }
    const tailStart = Math.max(start, end - TAIL);
    const tail = text.slice(tailStart, end);
    for (const rule of rules) {
      const match = rule.re.exec(tail);
      if (match && tailStart + match.index > start) {
        rule.apply(match, out);
        end = trimEnd(text, tailStart + match.index);
        changed = true;
        break;
      }
    }
    if (changed) end = dropDanglingSeparator({ text, start, end });
  }
  // A line that is only a reference (`- [ ] #12`, GitHub's tasklist style) links that issue and
  // keeps the reference as its title.
  const onlyReference =
    /^\(?\[?(?:([A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9._-]{1,100}))?#(\d{1,9})\]?\)?$/.exec(
      text.slice(start, end),
    );
  if (onlyReference && out.issue === null) {
    out.issue = Number(onlyReference[2]);
    out.issueRepo = onlyReference[1] ?? null;
  }
  if (end <= start) {
    start = trimStart(text, 0, text.length);
    end = trimEnd(text, text.length);
  }
  out.titleStart = start;
  out.titleEnd = end;
  return out;
}

/** Where the title ends once a separator left dangling before `end` is dropped (never empty). */
function dropDanglingSeparator(params: { text: string; start: number; end: number }): number {
  const { text, start, end } = params;
  const from = Math.max(start, end - 40);
  const match = DANGLING_SEPARATOR.exec(text.slice(from, end));
  if (!match) return end;
  const cut = trimEnd(text, from + match.index);
  if (cut <= start || text[cut - 1] === '\\') return end;
  return cut;
}

/** `@login` mentions outside inline code, in order, each once (`\\@login` is not a mention). */
export function collectMentions(text: string): string[] {
  const withoutCode = text.replace(/`[^`]*`/g, (code) => ' '.repeat(code.length));
  // A set, not `found.includes`: a line of n distinct mentions stays linear.
  const found = new Set<string>();
  for (const match of withoutCode.matchAll(MENTION)) {
    const login = match[2];
    if (login) found.add(login);
  }
  return [...found];
}

function trimEnd(text: string, end: number): number {
  while (end > 0 && /\s/.test(text[end - 1] ?? '')) end--;
  return end;
}

function trimStart(text: string, start: number, end: number): number {
  while (start < end && /\s/.test(text[start] ?? '')) start++;
  return start;
}
