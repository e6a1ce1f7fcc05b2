/**
 * The three-way merge rule of every synced field, in one place (docs/decisions/0002, 0003): who
 * changed a field since the base (the values last synced, stored in the marker). Pure.
 *
 * | base    | file    | GitHub  | changed  |
 * |---------|---------|---------|----------|
 * | a       | a       | a       | none     |
 * | a       | b       | a       | file     |
 * | a       | a       | b       | github   |
 * | a       | b       | c (≠a)  | both     |
 * | a       | b       | b       | none (they agree) |
 * | (none)  | x       | y       | no-base  |
 *
 * What each field does with the answer is its own rule: state (GitHub wins `both`, done wins
 * `no-base`), title (the file wins `both`), milestone state (GitHub's change is written to a
 * Status line when there is one). See `mergeState` and merge-title.ts.
 */
export type Changed = 'none' | 'file' | 'github' | 'both' | 'no-base';

export function whoChanged<T>(params: { base: T | null; file: T; github: T }): Changed {
  const { base, file, github } = params;
  if (file === github) return 'none';
  if (base === null) return 'no-base';
  const fileChanged = file !== base;
  const githubChanged = github !== base;
  if (fileChanged && githubChanged) return 'both';
  return fileChanged ? 'file' : githubChanged ? 'github' : 'none';
}

/**
 * A deliverable's state after the sync: the file's when only the file changed; GitHub's when
 * GitHub changed (GitHub wins a conflict); closed when there is no base yet (done wins on first
 * adoption, so adopting never reopens an issue nor unticks a line).
 */
export function mergeState(params: {
  base: 'open' | 'closed' | null;
  file: 'open' | 'closed';
  github: 'open' | 'closed';
}): 'open' | 'closed' {
  switch (whoChanged(params)) {
    case 'file':
      return params.file;
    case 'no-base':
      return 'closed';
    default:
      return params.github;
  }
}
