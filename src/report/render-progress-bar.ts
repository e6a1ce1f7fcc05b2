/**
 * A text progress bar such as `███████░░░ 70%`. `done` and `total` are counts; an empty total
 * renders as an empty bar at 0%. Width is in characters.
 */
export function renderProgressBar(params: { done: number; total: number; width?: number }): string {
  const width = params.width ?? 10;
  const ratio = params.total > 0 ? Math.min(1, Math.max(0, params.done / params.total)) : 0;
  const filled = Math.round(ratio * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${Math.round(ratio * 100)}%`;
}
