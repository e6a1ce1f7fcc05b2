import type { Refusal, SyncConfig } from './sync-types.js';

/**
 * Refuses a sync that would close more than `maxCloseShare` of the open deliverable issues because
 * their lines vanished from the file — the signature of a deleted or truncated file or a bad
 * merge, not of planning. Small closes (under `maxCloseMinimum`) always pass.
 */
export function checkMassClose(params: {
  closing: number;
  open: number;
  path: string;
  config: Pick<SyncConfig, 'maxCloseShare' | 'maxCloseMinimum'>;
}): Refusal | null {
  const { closing, open, path, config } = params;
  if (closing < config.maxCloseMinimum || open === 0) return null;
  const share = closing / open;
  if (share <= config.maxCloseShare) return null;
  return {
    rule: 'mass-close',
    message:
      `Refusing to sync: ${closing} of ${open} open deliverable issues (${Math.round(share * 100)}%) would be closed ` +
      `because their lines are gone from ${path}, more than the ${Math.round(config.maxCloseShare * 100)}% allowed. ` +
      `If the file was truncated or a merge went wrong, restore it. If you really removed them, raise ` +
      `maxCloseShare in .github/milestone-sync.yml or remove them in smaller steps.`,
  };
}
