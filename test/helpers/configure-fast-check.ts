/**
 * Vitest setup file (vitest.config.ts `setupFiles`): one fast-check seed for every property of a
 * test file, so a failure can be replayed.
 * - `FC_SEED=<integer>`: that seed (replays a failure: `FC_SEED=123 npx vitest run test/x.test.ts`);
 * - else, when `CI` is set: a fixed seed, so CI runs are deterministic;
 * - else: a random seed, printed when a test of the file fails.
 * Properties must not pass their own `seed` (it would override this one); fast-check's own failure
 * report also states the seed and the shrink path (https://fast-check.dev/docs/configuration/).
 */
import fc from 'fast-check';
import { beforeEach } from 'vitest';

/** The seed CI runs with. */
export const CI_SEED = 20260115;

/** The seed for this run, from the environment (see the file comment). */
export function resolveSeed(env: NodeJS.ProcessEnv): { seed: number; source: string } {
  const given = env.FC_SEED?.trim();
  if (given !== undefined && given !== '') {
    const seed = Number(given);
    if (!Number.isSafeInteger(seed)) {
      throw new Error(`Unexpected FC_SEED=${given}, expected an integer (a fast-check seed)`);
    }
    return { seed: seed | 0, source: 'FC_SEED' };
  }
  if (env.CI !== undefined && env.CI !== '' && env.CI !== 'false') {
    return { seed: CI_SEED, source: 'CI' };
  }
  return { seed: (Math.random() * 0x100000000) | 0, source: 'random' };
}

const { seed, source } = resolveSeed(process.env);
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });

beforeEach((context) => {
  context.onTestFailed(() => {
    console.error(
      `fast-check seed ${seed} (${source}); replay with FC_SEED=${seed} npx vitest run ${context.task.file.name}`,
    );
  });
});
