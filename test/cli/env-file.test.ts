import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEnvFile, updateEnvFile, withEnvFile } from '../../src/cli/env-file.js';
import { privateKey } from '../app/app-helpers.js';

function tempEnvFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'env-file-')), '.env');
}

describe('.env files', () => {
  it('a missing file has no variables', () => {
    expect(readEnvFile(tempEnvFile())).toEqual({});
  });

  it.each([
    { name: 'a PEM key', value: privateKey() },
    { name: 'a URL', value: 'https://smee.io/AbC123' },
    { name: 'a number', value: '123456' },
    { name: 'spaces, a hash, a single quote', value: " it's # not a comment " },
    { name: 'a double quote', value: 'say "hi"' },
    { name: 'a literal backslash-n', value: 'C:\\new' },
    { name: 'the empty string', value: '' },
  ])('writes $name so that it reads back as given', ({ value }) => {
    const path = tempEnvFile();
    updateEnvFile({ path, values: { VALUE: value } });
    expect(readEnvFile(path)).toEqual({ VALUE: value });
  });

  it('refuses a value with both a newline and a double quote', () => {
    expect(() => updateEnvFile({ path: tempEnvFile(), values: { X: 'a\n"b"' } })).toThrow(
      'cannot write X to a .env file: its value has both quotes and newlines',
    );
  });

  it('keeps the variables already there, unwraps Probot’s quoted key, and is for its owner only', () => {
    const path = tempEnvFile();
    writeFileSync(path, 'WEBHOOK_PROXY_URL=https://smee.io/x\n# a comment\nAPP_ID=1\n', {
      mode: 0o644,
    });
    const key = privateKey();
    const all = updateEnvFile({ path, values: { APP_ID: '42', PRIVATE_KEY: `"${key}"` } });
    expect(all).toEqual({ WEBHOOK_PROXY_URL: 'https://smee.io/x', APP_ID: '42', PRIVATE_KEY: key });
    expect(readEnvFile(path)).toEqual(all);
    expect(readFileSync(path, 'utf8').split('\n')[2]).toMatch(/^PRIVATE_KEY="-----BEGIN [^\n]*\\n/);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('the environment wins over the file, even when empty', () => {
    expect(
      withEnvFile({
        env: { APP_ID: '7', WEBHOOK_SECRET: '' },
        file: { APP_ID: '1', WEBHOOK_SECRET: 's', PORT: '4000' },
      }),
    ).toEqual({ APP_ID: '7', WEBHOOK_SECRET: '', PORT: '4000' });
  });
});
