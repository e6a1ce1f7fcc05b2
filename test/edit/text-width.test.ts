import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/edit/text-width.js';

describe('displayWidth', () => {
  it.each([
    ['', 0],
    ['Done', 4],
    ['  ', 2],
    ['✅', 2],
    ['🔄', 2],
    ['❌', 2],
    ['✔', 1],
    ['✔️', 2],
    ['日本語', 6],
    ['é', 1],
    ['e\u0301', 1],
    ['👩‍💻', 2],
    ['👍🏽', 2],
    ['‚úÖ', 3],
    ['✅ Done', 7],
  ])('%j is %i columns', (text, width) => {
    expect(displayWidth(text)).toBe(width);
  });
});
