/**
 * Pairs left-hand and right-hand entries whose texts are similar enough, best pairs first
 * (greedy on the Sørensen–Dice coefficient of character bigrams). Used for rename detection:
 * an unmatched deliverable and an unmatched issue in the same milestone with similar text.
 */
export function matchBySimilarity<L, R>(params: {
  left: L[];
  right: R[];
  leftText: (entry: L) => string;
  rightText: (entry: R) => string;
  /** Same group is required (e.g. same milestone); null means any. */
  leftGroup?: (entry: L) => string;
  rightGroup?: (entry: R) => string;
  threshold: number;
}): [L, R][] {
  const candidates: { l: number; r: number; score: number }[] = [];
  const leftBigrams = params.left.map((entry) => bigrams(params.leftText(entry)));
  const rightBigrams = params.right.map((entry) => bigrams(params.rightText(entry)));
  params.left.forEach((l, li) => {
    params.right.forEach((r, ri) => {
      if (params.leftGroup && params.rightGroup && params.leftGroup(l) !== params.rightGroup(r))
        return;
      const score = similarity({
        a: params.leftText(l),
        b: params.rightText(r),
        bigramsA: leftBigrams[li] as Map<string, number>,
        bigramsB: rightBigrams[ri] as Map<string, number>,
      });
      if (score >= params.threshold) candidates.push({ l: li, r: ri, score });
    });
  });
  candidates.sort((a, b) => b.score - a.score || a.l - b.l || a.r - b.r);
  const usedL = new Set<number>();
  const usedR = new Set<number>();
  const pairs: [L, R][] = [];
  for (const { l, r } of candidates) {
    if (usedL.has(l) || usedR.has(r)) continue;
    usedL.add(l);
    usedR.add(r);
    pairs.push([params.left[l] as L, params.right[r] as R]);
  }
  return pairs;
}

/**
 * Dice coefficient of the two texts' bigrams; a title extended or shortened in place
 * (“Parser” → “Parser and printer”) counts as similar (0.75) even when the extension is long.
 */
function similarity(params: {
  a: string;
  b: string;
  bigramsA: Map<string, number>;
  bigramsB: Map<string, number>;
}): number {
  const score = dice(params.bigramsA, params.bigramsB);
  const a = normalize(params.a);
  const b = normalize(params.b);
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 4 && long.includes(short) ? Math.max(score, 0.75) : score;
}

function normalize(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

function bigrams(text: string): Map<string, number> {
  const normal = normalize(text);
  const out = new Map<string, number>();
  for (let i = 0; i < normal.length - 1; i++) {
    const gram = normal.slice(i, i + 2);
    out.set(gram, (out.get(gram) ?? 0) + 1);
  }
  return out;
}

function dice(a: Map<string, number>, b: Map<string, number>): number {
  let sizeA = 0;
  let sizeB = 0;
  let shared = 0;
  for (const n of a.values()) sizeA += n;
  for (const n of b.values()) sizeB += n;
  if (sizeA + sizeB === 0) return 1;
  for (const [gram, n] of a) shared += Math.min(n, b.get(gram) ?? 0);
  return (2 * shared) / (sizeA + sizeB);
}
