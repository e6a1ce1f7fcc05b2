import { describe, expect, it } from 'vitest';
import { replaceMarkedSection, sectionMarkers } from '../../bench/replace-marked-section.js';

const doc = [
  '# Benchmarks',
  '',
  'Intro written by hand.',
  '',
  '<!-- bench:parse:start -->',
  'old parse numbers',
  '<!-- bench:parse:end -->',
  '',
  'A note between sections.',
  '',
  '<!-- bench:sync:start -->',
  'sync numbers',
  '<!-- bench:sync:end -->',
  '',
].join('\n');

describe('replaceMarkedSection', () => {
  it('replaces only what lies between its own markers', () => {
    const next = replaceMarkedSection({ document: doc, id: 'parse', content: 'new\nnumbers\n' });
    expect(next).toBe(doc.replace('old parse numbers', 'new\nnumbers'));
  });

  it('appends a section it does not find, with its markers', () => {
    const next = replaceMarkedSection({ document: doc, id: 'pacing', content: 'pacing' });
    const { start, end } = sectionMarkers('pacing');
    expect(next).toBe(`${doc.trimEnd()}\n\n${start}\npacing\n${end}\n`);
    expect(replaceMarkedSection({ document: '', id: 'x', content: 'y' })).toBe(
      '<!-- bench:x:start -->\ny\n<!-- bench:x:end -->\n',
    );
  });

  it('is idempotent', () => {
    const once = replaceMarkedSection({ document: doc, id: 'sync', content: 'sync 2' });
    expect(replaceMarkedSection({ document: once, id: 'sync', content: 'sync 2' })).toBe(once);
  });

  it('refuses unbalanced or duplicated markers rather than guess', () => {
    const { start, end } = sectionMarkers('parse');
    for (const broken of [
      `${start}\nonly a start`,
      `only an end\n${end}`,
      `${end}\n${start}`,
      `${start}\n${end}\n${start}\n${end}`,
    ]) {
      expect(() => replaceMarkedSection({ document: broken, id: 'parse', content: 'x' })).toThrow(
        /unbalanced markers/,
      );
    }
  });
});
