/**
 * Families of adversarial plan files for the linearity bench (bench-parse-fuzz.ts): each family
 * makes a file from a count `n`, and its size grows linearly with `n`. They cover the fuzz test's
 * mutations (test/helpers/mutate-plan.ts), inputs known to be pathological for Markdown parsers
 * (long runs of `[`, `*`, `` ` ``, `<`, nested blockquotes, many table columns, many link
 * reference definitions, emphasis delimiters) and shapes that stress the plan's own passes (many
 * headings, duplicate titles, front matter keys, mentions).
 */
import fc from 'fast-check';
import type { Mutation } from '../test/helpers/mutate-plan.js';
import {
  FRAGMENTS,
  applyMutations,
  mutationArb,
  nestedList,
  wideTable,
} from '../test/helpers/mutate-plan.js';
import { createSeededRandom } from './seeded-random.js';
import type { SeedPlan } from './read-seeds.js';

export interface ShapeFamily {
  name: string;
  /** What `n` counts. */
  unit: string;
  make: (n: number) => string;
}

const lines = (n: number, line: (i: number) => string) =>
  Array.from({ length: n }, (_, i) => line(i)).join('\n');

/** A checkbox line of a milestone holding `run` (`x` after it, so no trailing rule takes it). */
const inItem = (run: string) => `## M\n\n- [ ] Task ${run}x\n`;

export function adversarialFamilies(params: { seeds: SeedPlan[] }): ShapeFamily[] {
  const mutated = mutatedSeeds(params.seeds);
  return [
    // The fuzz mutations, scaled.
    {
      name: 'mutated seeds (5 seeds × 8 sampled mutations each), repeated',
      unit: 'copies',
      make: (n) => mutated.repeat(n),
    },
    {
      name: 'fragments spliced into lines (3 per line, seeded)',
      unit: 'lines',
      make: (n) => splicedLines(n),
    },
    {
      name: 'line endings mixed CR / CRLF / LF',
      unit: 'lines',
      make: (n) =>
        Array.from({ length: n }, (_, i) => `- [ ] t${i}${['\r', '\r\n', '\n'][i % 3]}`).join(''),
    },
    {
      name: 'BOM, NUL and lone surrogates inside checkbox lines',
      unit: 'lines',
      make: (n) => `## M\n${lines(n, (i) => `- [ ] a\uFEFFb\0c\uD800d\uDFFF ${i}`)}\n`,
    },
    {
      name: 'unclosed code fence, then checkboxes',
      unit: 'lines',
      make: (n) => `## M\n\`\`\`\n${lines(n, (i) => `- [ ] t${i}`)}\n`,
    },
    {
      name: 'list nested 1,000 levels on one line (`- - - … [ ] x`)',
      unit: 'lines',
      make: (n) => lines(n, () => nestedList(1000, 'inline')[0] ?? ''),
    },
    {
      name: 'staircase list 200 levels deep (2 spaces per level)',
      unit: 'staircases',
      make: (n) => lines(n, () => nestedList(200, 'staircase').join('\n')),
    },
    {
      name: 'checkboxes below the nesting limit (60 levels)',
      unit: 'lines',
      make: (n) =>
        `${nestedList(60, 'staircase').join('\n')}\n${lines(n, (i) => `${'  '.repeat(60)}- [ ] deep ${i}`)}\n`,
    },
    {
      name: 'table rows (Task, Status)',
      unit: 'rows',
      make: (n) => `## M\n\n${wideTable(n, 0).join('\n')}\n`,
    },
    {
      name: 'table columns (3 rows)',
      unit: 'columns',
      make: (n) => `## M\n\n${wideTable(3, n).join('\n')}\n`,
    },
    {
      name: 'one checkbox line of `word ` × n',
      unit: 'words',
      make: (n) => inItem('word '.repeat(n)),
    },
    // Markdown-it pathologies.
    { name: 'paragraph of `[` × n', unit: 'chars', make: (n) => `## M\n\n${'['.repeat(n)}\n` },
    { name: 'checkbox of `[` × n', unit: 'chars', make: (n) => inItem('['.repeat(n)) },
    { name: 'checkbox of `*` × n', unit: 'chars', make: (n) => inItem('*'.repeat(n)) },
    { name: 'checkbox of `` ` `` × n', unit: 'chars', make: (n) => inItem('`'.repeat(n)) },
    {
      name: 'checkbox of `` `a `` × n (unmatched code spans)',
      unit: 'pairs',
      make: (n) => inItem('`a'.repeat(n)),
    },
    { name: 'paragraph of `<` × n', unit: 'chars', make: (n) => `## M\n\n${'<'.repeat(n)}\n` },
    {
      name: 'emphasis delimiters `*a_` × n',
      unit: 'triples',
      make: (n) => inItem('*a_'.repeat(n)),
    },
    { name: 'links `[a](` × n', unit: 'links', make: (n) => inItem('[a]('.repeat(n)) },
    {
      name: 'blockquote `>` × n then a checkbox',
      unit: 'chars',
      make: (n) => `${'>'.repeat(n)} - [ ] x\n`,
    },
    {
      name: 'nested blockquotes 1…100 levels, repeated',
      unit: 'lines',
      make: (n) => lines(n, (i) => `${'> '.repeat(1 + (i % 100))}- [ ] q${i}`),
    },
    {
      name: 'link reference definitions',
      unit: 'lines',
      make: (n) => lines(n, (i) => `[r${i}]: https://example.com/${i} "t"`),
    },
    {
      name: 'link reference definitions as checkbox text',
      unit: 'lines',
      make: (n) => `## M\n${lines(n, (i) => `- [ ] [r${i}]: https://example.com/${i}`)}\n`,
    },
    {
      name: 'unclosed `<!--`, then checkboxes',
      unit: 'lines',
      make: (n) => `<!--\n${lines(n, (i) => `- [ ] t${i}`)}\n`,
    },
    {
      name: 'unclosed `<div>`, then checkboxes',
      unit: 'lines',
      make: (n) => `<div>\n${lines(n, (i) => `- [ ] t${i}`)}\n`,
    },
    // The plan's own passes.
    {
      name: 'checkboxes under one heading',
      unit: 'lines',
      make: (n) => `## M\n${lines(n, (i) => `- [ ] t${i}`)}\n`,
    },
    {
      name: 'checkboxes with the same title',
      unit: 'lines',
      make: (n) => `## M\n${lines(n, () => '- [ ] same')}\n`,
    },
    {
      name: 'headings of levels 1–6 in turn, one checkbox each',
      unit: 'headings',
      make: (n) => lines(n, (i) => `${'#'.repeat(1 + (i % 6))} H${i}\n- [ ] x${i}`),
    },
    {
      name: 'headings with the same title, one checkbox each',
      unit: 'headings',
      make: (n) => lines(n, () => '## M\n- [ ] x'),
    },
    {
      name: 'bold pseudo-headings, one checkbox each',
      unit: 'headings',
      make: (n) => lines(n, (i) => `**P${i}**\n- [ ] x${i}\n`),
    },
    {
      name: 'nested checkboxes with notes (depth 0–39 in turn)',
      unit: 'items',
      make: (n) =>
        lines(n, (i) => `${'  '.repeat(i % 40)}- [ ] t${i}\n${'  '.repeat(i % 40)}  note ${i}`),
    },
    {
      name: 'progress lines',
      unit: 'lines',
      make: (n) =>
        `## M\n\n${lines(n, (i) => `**Progress**: ${i % 100}% (${i % 7}/7)\n`)}\n- [ ] a\n`,
    },
    {
      name: 'Status lines under one heading',
      unit: 'lines',
      make: (n) => `## M\n\n${lines(n, () => '**Status**: ✅ Done\n')}\n- [ ] a\n`,
    },
    {
      name: 'checkboxes in a code block (reported as ignored)',
      unit: 'lines',
      make: (n) => `\`\`\`\n${lines(n, (i) => `- [ ] t${i}`)}\n\`\`\`\n`,
    },
    {
      name: 'front matter keys',
      unit: 'keys',
      make: (n) => `---\n${lines(n, (i) => `k${i}: v`)}\n---\n# T\n`,
    },
    {
      name: 'double-encoded file (🔄 read as Mac Roman)',
      unit: 'lines',
      make: (n) => `## M\n${lines(n, (i) => `- [ ] t${i} ðŸ”„`)}\n`,
    },
    {
      name: 'distinct `@mentions` on one checkbox',
      unit: 'mentions',
      make: (n) => inItem(lines(n, (i) => `@u${i}`).replace(/\n/g, ' ') + ' '),
    },
    {
      name: 'distinct `@mentions` in one Owner cell',
      unit: 'mentions',
      make: (n) =>
        `## M\n\n| Task | Owner |\n|---|---|\n| a | ${lines(n, (i) => `@u${i}`).replace(/\n/g, ' ')} |\n`,
    },
    {
      name: 'heading of 🔄 × n then text',
      unit: 'emoji',
      make: (n) => `## M ${'🔄'.repeat(n)}x\n\n- [ ] a\n`,
    },
    {
      name: 'heading of `**` × n then text',
      unit: 'pairs',
      make: (n) => `## M ${'**'.repeat(n)}x\n\n- [ ] a\n`,
    },
    {
      name: 'checkbox of spaces × n then text, continued on a second line',
      unit: 'chars',
      make: (n) => `## M\n\n- [ ] Task ${' '.repeat(n)}x\n  more\n`,
    },
  ];
}

/**
 * One-line families for the grid: a run of `unit` × n in each `context`. A regex that rescans a
 * run from each of its positions shows up here.
 */
export const RUN_CONTEXTS: Record<string, (run: string) => string> = {
  'checkbox text': (r) => `## M\n\n- [ ] Task ${r}x\n`,
  'checkbox end': (r) => `## M\n\n- [ ] Task ${r}\n`,
  'two-line checkbox': (r) => `## M\n\n- [ ] Task ${r}x\n  more ${r}x\n`,
  heading: (r) => `## M ${r}x\n\n- [ ] a\n`,
  'heading end': (r) => `## M ${r}\n\n- [ ] a\n`,
  'Status line': (r) => `## M\n\n**Status**: ${r}x\n\n- [ ] a\n`,
  'Due line': (r) => `## M\n\n**Due**: ${r}x\n\n- [ ] a\n`,
  'progress line': (r) => `**Progress**: ${r}x 1/2\n\n## M\n\n- [ ] a\n`,
  paragraph: (r) => `## M\n\n${r}x\n`,
  'task cell': (r) => `## M\n\n| Task | Status |\n|---|---|\n| a ${r}x | done |\n`,
  'status cell': (r) => `## M\n\n| Task | Status |\n|---|---|\n| a | ${r}x |\n`,
  'header cell': (r) => `## M\n\n| Task ${r}x | Status |\n|---|---|\n| a | done |\n`,
};

export const RUN_UNITS = [
  ' ',
  '\t',
  '_',
  '*',
  '#',
  '`',
  '(',
  ')',
  '[',
  ']',
  '>',
  '-',
  ':',
  '@',
  '|',
  '\\',
  '.',
  '0',
  'a',
  '~',
  '/',
  '%',
  ' (',
  '#1 ',
  '@a ',
  ' -',
  '1 ',
  ': ',
  '**',
  '__',
  '🔄',
  'ðŸ',
  '1/',
  'week ',
  '<',
  '&',
  ',',
  '\uD800',
  '\0',
];

/** The five seeds, each with 8 mutations sampled from the fuzz test's arbitrary (fixed seed). */
function mutatedSeeds(seeds: SeedPlan[]): string {
  return seeds
    .map((seed, i) => {
      // Capped so that a copy stays near the seed's size (a 1,000-level staircase alone is 1 MB).
      const mutations: Mutation[] = fc
        .sample(mutationArb, { seed: 1000 + i, numRuns: 8 })
        .map((m) => capMutation(m));
      return applyMutations({ text: seed.text, mutations });
    })
    .join('\n\n');
}

function capMutation(m: Mutation): Mutation {
  switch (m.kind) {
    case 'nest':
      return { ...m, depth: Math.min(m.depth, 100) };
    case 'table':
      return { ...m, rows: Math.min(m.rows, 20), columns: Math.min(m.columns, 20) };
    case 'long-line':
      return { ...m, length: Math.min(m.length, 2000) };
    default:
      return m;
  }
}

function splicedLines(n: number): string {
  const random = createSeededRandom(7);
  const base = [
    '- [ ] Build the thing',
    '## Milestone',
    '| a | b |',
    '**Status**: done',
    'prose here',
  ];
  return lines(n, () => {
    let line = random.pick(base);
    for (let k = 0; k < 3; k++) {
      const at = random.int({ min: 0, max: line.length });
      line = line.slice(0, at) + random.pick(FRAGMENTS) + line.slice(at);
    }
    return line;
  });
}
