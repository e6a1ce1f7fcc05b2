/** The title merge (docs/decisions/0003) as a table of (base, line, GitHub) → outcome. */
import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../src/plan/parse-plan.js';
import type { Item } from '../../src/plan/plan-types.js';
import type { MarkerBase } from '../../src/sync/sync-types.js';
import { mergeTitle, titleBase } from '../../src/sync/merge-title.js';
import type { TitleMerge } from '../../src/sync/merge-title.js';
import { ghIssue } from './helpers/snapshot-builders.js';

function item(line: string): Item {
  const { plan } = parsePlan({ text: `# P\n\n## M\n\n- [ ] ${line}\n` });
  const found = plan.milestones[0]?.items[0];
  if (!found) throw new Error('no item');
  return found;
}

function base(title: string, fileTitle?: string): MarkerBase {
  return { title, ...(fileTitle === undefined ? {} : { fileTitle }), state: 'open', bodyHash: 'h' };
}

const LINKED = 'Make the [release file](https://example.com/x) **current**';

describe('mergeTitle', () => {
  it.each<[string, string, MarkerBase | null, TitleMerge['kind'], string]>([
    ['Write it', 'Write it', base('Write it'), 'same', 'nothing changed'],
    ['Write it well', 'Write it', base('Write it'), 'push', 'line renamed → issue renamed'],
    ['Write it', 'Write it now', base('Write it'), 'pull', 'issue renamed → line renamed'],
    ['Write it well', 'Write it now', base('Write it'), 'push', 'both renamed → the line wins'],
    ['Write it', 'Other', null, 'push', 'no base → the line sets the title'],
    [
      LINKED,
      'Make the release file current',
      base('Make the release file current'),
      'same',
      'plain title of a Markdown line',
    ],
    [
      LINKED,
      'Make the release file fresh',
      base('Make the release file current'),
      'keep',
      'a rename the line cannot say: both stay',
    ],
    [
      LINKED,
      'Make the release file fresh',
      base('Make the release file fresh', 'Make the release file current'),
      'keep',
      'a settled disagreement stays settled',
    ],
    [
      `${LINKED} soon`,
      'Make the release file fresh',
      base('Make the release file fresh', 'Make the release file current'),
      'push',
      'then the line is renamed: both are set again',
    ],
    [LINKED, LINKED, base(LINKED), 'push', 'a title from before plain titles is made plain once'],
  ])('line “%s”, GitHub “%s” → %s (%s)', (line, ghTitle, b, kind) => {
    const merge = mergeTitle({
      item: item(line),
      gh: ghIssue({ number: 1, title: ghTitle }),
      base: b,
      linked: false,
    });
    expect(merge.kind).toBe(kind);
  });

  it('a linked issue keeps its own title', () => {
    const merge = mergeTitle({
      item: item('Write it'),
      gh: ghIssue({ number: 1, title: 'Theirs' }),
      base: null,
      linked: true,
    });
    expect(merge).toEqual({ kind: 'same' });
  });

  it('the base records both titles only while they differ', () => {
    const it1 = item(LINKED);
    const gh = ghIssue({ number: 1, title: 'Make the release file fresh' });
    expect(titleBase({ merge: { kind: 'keep', announce: true }, item: it1, gh })).toEqual({
      title: 'Make the release file fresh',
      fileTitle: 'Make the release file current',
    });
    const renamed = ghIssue({ number: 1, title: 'Now' });
    expect(
      titleBase({ merge: { kind: 'pull', title: 'Now' }, item: item('Then'), gh: renamed }),
    ).toEqual({ title: 'Now' });
  });
});
