import { describe, expect, it } from 'vitest';
import { CI_SEED, resolveSeed } from './configure-fast-check.js';

describe('resolveSeed', () => {
  it('takes FC_SEED first, even in CI', () => {
    expect(resolveSeed({ FC_SEED: '-689597151', CI: 'true' })).toEqual({
      seed: -689597151,
      source: 'FC_SEED',
    });
    expect(resolveSeed({ FC_SEED: ' 42 ' })).toEqual({ seed: 42, source: 'FC_SEED' });
  });

  it('fixes the seed in CI', () => {
    expect(resolveSeed({ CI: 'true' })).toEqual({ seed: CI_SEED, source: 'CI' });
    expect(resolveSeed({ CI: '1', FC_SEED: '' })).toEqual({ seed: CI_SEED, source: 'CI' });
  });

  it('draws a 32-bit seed otherwise', () => {
    for (const env of [{}, { CI: '' }, { CI: 'false' }]) {
      const { seed, source } = resolveSeed(env);
      expect(source).toBe('random');
      expect(seed).toBe(seed | 0);
    }
  });

  it('refuses an FC_SEED that is not an integer', () => {
    expect(() => resolveSeed({ FC_SEED: 'abc' })).toThrow(
      'Unexpected FC_SEED=abc, expected an integer (a fast-check seed)',
    );
    expect(() => resolveSeed({ FC_SEED: '1.5' })).toThrow(/expected an integer/);
  });
});
