import { describe, expect, it } from 'vitest';
import type { ParsedCommand } from '../../src/app/parse-command.js';
import { parseCommand } from '../../src/app/parse-command.js';

describe('parseCommand', () => {
  it.each<{ name: string; body: string | null; expected: ParsedCommand | null }>([
    {
      name: 'sync',
      body: '/milestone-sync sync',
      expected: { kind: 'command', verb: 'sync', line: '/milestone-sync sync', extra: [] },
    },
    {
      name: 'preview, any case, surrounding blank lines and spaces',
      body: '\n\n   /Milestone-Sync   PREVIEW  \r\nthanks!',
      expected: { kind: 'command', verb: 'preview', line: '/Milestone-Sync   PREVIEW', extra: [] },
    },
    {
      name: 'extra words after the verb are kept to be reported',
      body: '/milestone-sync sync now please',
      expected: {
        kind: 'command',
        verb: 'sync',
        line: '/milestone-sync sync now please',
        extra: ['now', 'please'],
      },
    },
    {
      name: 'a tab between the words',
      body: '/milestone-sync\tsync',
      expected: { kind: 'command', verb: 'sync', line: '/milestone-sync\tsync', extra: [] },
    },
    {
      name: 'an unknown verb',
      body: '/milestone-sync frobnicate',
      expected: { kind: 'unknown', word: 'frobnicate', line: '/milestone-sync frobnicate' },
    },
    {
      name: 'no verb',
      body: '/milestone-sync',
      expected: { kind: 'unknown', word: null, line: '/milestone-sync' },
    },
    { name: 'an ordinary comment', body: 'Looks good to me', expected: null },
    {
      name: 'a command further down is not a command',
      body: 'How do I sync?\n/milestone-sync sync',
      expected: null,
    },
    {
      name: 'a quoted command (the app’s own reply)',
      body: '> /milestone-sync sync',
      expected: null,
    },
    { name: 'a command in code', body: '`/milestone-sync sync`', expected: null },
    { name: 'a longer word that starts alike', body: '/milestone-syncer sync', expected: null },
    { name: 'no space after the prefix', body: '/milestone-sync:sync', expected: null },
    { name: 'an empty body', body: '', expected: null },
    { name: 'only blank lines', body: '\n \n\t\n', expected: null },
    { name: 'no body', body: null, expected: null },
  ])('$name', ({ body, expected }) => {
    expect(parseCommand(body)).toEqual(expected);
  });
});
