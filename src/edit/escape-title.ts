/**
 * Ways to write a plain title (as GitHub shows it) as Markdown in a plan file, from the most
 * faithful to the most escaped. Each candidate, read by toPlainText, shows the title; the caller
 * picks the first one the parser also reads back without new plan syntax (a link, a mention, a
 * priority, a status emoji, a separator or metadata at its ends).
 *
 * 1. verbatim: the title as it is (most titles; it also restores a plain title exactly);
 * 2. targeted: plan syntax and Markdown specials escaped outside code spans: `\#1`, `\@login`,
 *    `http\://`, `\*`, `\_`, `\[`, `\]`, `\<`, `\~`, `\&` before an entity, `\` before
 *    punctuation; a leading or trailing `P0`…`P4` written `&#80;1`; a trailing status emoji
 *    as a numeric entity; a trailing `:`, `,` or `-` escaped; block markers at the start escaped;
 * 3. all ASCII punctuation escaped (backticks too: no code spans), with the same entities.
 */

const ASCII_PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{}~]/g;
/** Code spans: a run of backticks, content, the same run (CommonMark). */
const CODE_SPAN = /(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g;
const TRAILING_PRIORITY = /(^|\s)((?:\(|\[|\*\*|`)?)P([0-4])((?:\)|\]|\*\*|`)?)$/;
const LEADING_PRIORITY =
  /^((?:\(|\[|\*\*|`)?)P([0-4])(?=(?:\)|\]|\*\*|`)?(?::|[ \t]+-|[ \t]*\||[ \t]))/;
const TRAILING_GLYPH = /(✅|✔️|✔|☑️|☑|🔄|🚧|🟡|❌|⬜|⏳)$/u;

export function titleCandidates(title: string): string[] {
  const out = [title];
  const targeted = withEntities(escapeOutsideCode(title));
  if (!out.includes(targeted)) out.push(targeted);
  const all = withEntities(title.replace(ASCII_PUNCTUATION, (c) => (c === '|' ? c : `\\${c}`)));
  if (!out.includes(all)) out.push(all);
  return out;
}

function escapeOutsideCode(title: string): string {
  let out = '';
  let at = 0;
  for (const match of title.matchAll(CODE_SPAN)) {
    out += escapeText({ text: title.slice(at, match.index), atStart: at === 0 });
    out += match[0];
    at = match.index + match[0].length;
  }
  out += escapeText({ text: title.slice(at), atStart: at === 0 });
  return out;
}

function escapeText(params: { text: string; atStart: boolean }): string {
  let text = params.text
    .replace(/\\(?=[!-/:-@[-`{-~])/g, '\\\\')
    .replace(/[*_[\]<~]/g, '\\$&')
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&')
    .replace(/#(?=\d)/g, '\\#')
    .replace(/(^|[\s(,])@(?=[A-Za-z0-9])/g, '$1\\@')
    .replace(/(https?):\/\//gi, '$1\\://')
    .replace(/([:,]|\s-+)$/, (m) => m.replace(/[:,-]$/, '\\$&'));
  if (params.atStart) {
    text = text.replace(/^(#|>|[-+](?=\s)|\d{1,9}(?=[.)]\s))/, (m) =>
      /^\d/.test(m) ? m : `\\${m}`,
    );
    text = text.replace(/^(\d{1,9})([.)])(?=\s)/, '$1\\$2');
  }
  return text;
}

/** Priority markers and a status emoji at the ends, as entities the parser does not read. */
function withEntities(text: string): string {
  return text
    .replace(
      TRAILING_PRIORITY,
      (_m, space, open, digit, close) => `${space}${open}&#80;${digit}${close}`,
    )
    .replace(LEADING_PRIORITY, (_m, open, digit) => `${open}&#80;${digit}`)
    .replace(TRAILING_GLYPH, (glyph: string) =>
      [...glyph].map((c) => `&#x${(c.codePointAt(0) ?? 0).toString(16).toUpperCase()};`).join(''),
    );
}
