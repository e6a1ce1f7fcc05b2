import type { FakeContext } from './fake-context.js';
import type { FakeLabel, FakeRepo } from './fake-state.js';
import { repoApiUrl } from './render-repository.js';

/** `label` (https://docs.github.com/rest/issues/labels). */
export function renderLabel(params: {
  ctx: FakeContext;
  repo: FakeRepo;
  label: FakeLabel;
}): Record<string, unknown> {
  const { label } = params;
  return {
    id: label.id,
    node_id: label.nodeId,
    url: `${repoApiUrl(params)}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: label.default,
    description: label.description,
  };
}
