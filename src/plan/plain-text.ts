import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';

/**
 * One inline parser for every call (titles are converted one at a time by the engine). The
 * `default` preset adds GFM strike-through (`~~x~~`) to CommonMark; linkify stays off, so a bare
 * URL is text, as GitHub shows it in a title.
 */
const md = new MarkdownIt('default', { html: true, linkify: false, typographer: false });

/** Characters that can change what inline Markdown shows; text without them is already plain. */
const SPECIALS = /[\\`*_~[\]<>&!]/;

/**
 * What GitHub shows for a title written as inline Markdown: links → their text, autolinks → the
 * URL, images → their alt text, emphasis, strong and strike-through markers removed, inline HTML
 * tags removed, backslash escapes and entities decoded, whitespace collapsed to single spaces and
 * trimmed. Inline code keeps its backticks: GitHub renders code spans in issue titles.
 * Pure; never throws.
 */
export function toPlainText(markdown: string): string {
  if (!SPECIALS.test(markdown)) return collapse(markdown);
  const tokens = md.parseInline(markdown, {});
  const parts: string[] = [];
  // Depth-first over the inline tokens (an image's alt text is its children), without recursion.
  const stack: { tokens: Token[]; index: number }[] = [];
  for (const token of tokens) if (token.children) stack.push({ tokens: token.children, index: 0 });
  stack.reverse();
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as { tokens: Token[]; index: number };
    const token = frame.tokens[frame.index++];
    if (token === undefined) {
      stack.pop();
      continue;
    }
    switch (token.type) {
      case 'text':
      case 'text_special':
        parts.push(token.content);
        break;
      case 'code_inline':
        parts.push(token.markup, token.content, token.markup);
        break;
      case 'softbreak':
      case 'hardbreak':
        parts.push(' ');
        break;
      case 'image':
        if (token.children) stack.push({ tokens: token.children, index: 0 });
        break;
      default:
        // link_open/close, em/strong/s markers, html_inline: nothing shown.
        break;
    }
  }
  return collapse(parts.join(''));
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
