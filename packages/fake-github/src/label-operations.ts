import type { FakeContext } from './fake-context.js';
import type { FakeLabel, FakeRepo } from './fake-state.js';
import { allocateId, makeNodeId } from './fake-state.js';
import { checkLabelName } from './check-limits.js';
import { validationFailed } from './http-error.js';

/** Label names are unique per repository, case-insensitively. */
export function findLabel(params: { repo: FakeRepo; name: string }): FakeLabel | undefined {
  const wanted = params.name.toLowerCase();
  return params.repo.labels.find((label) => label.name.toLowerCase() === wanted);
}

/**
 * Creates a label; a name over 50 characters is a 422 (`code: "custom"`), an existing name (any
 * case) is a 422 with
 * `errors: [{ resource: "Label", code: "already_exists", field: "name" }]`
 * (https://docs.github.com/rest/issues/labels#create-a-label).
 */
export function createLabel(params: {
  ctx: FakeContext;
  repo: FakeRepo;
  name: string;
  color?: string;
  description?: string | null;
}): FakeLabel {
  checkLabelName(params.name);
  if (findLabel(params)) {
    throw validationFailed([{ resource: 'Label', code: 'already_exists', field: 'name' }]);
  }
  const id = allocateId(params.ctx.state);
  const label: FakeLabel = {
    id,
    nodeId: makeNodeId({ prefix: 'LA', id }),
    name: params.name,
    color: (params.color ?? 'ededed').replace(/^#/, '').toLowerCase(),
    description: params.description ?? null,
    default: false,
  };
  params.repo.labels.push(label);
  return label;
}

/** Resolves names to labels, creating missing ones as GitHub does when an issue is labelled. */
export function ensureLabels(params: {
  ctx: FakeContext;
  repo: FakeRepo;
  names: readonly string[];
}): FakeLabel[] {
  return params.names.map(
    (name) =>
      findLabel({ repo: params.repo, name }) ??
      createLabel({ ctx: params.ctx, repo: params.repo, name }),
  );
}
