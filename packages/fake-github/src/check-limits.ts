import { validationFailed } from './http-error.js';

/**
 * GitHub's length limits on what the sync writes, in characters (Unicode code points, as GitHub
 * counts them). Issue title and body are documented by GitHub's own 422 messages ("title is too
 * long (maximum is 256 characters)", "body is too long (maximum is 65536 characters)"); a comment
 * body has the same 65,536. Label names: 50 ("name is too long (maximum is 50 characters)").
 * Milestone titles: GitHub documents no limit and answers "title is too long" past one; the fake
 * uses 255, the length of the string column such titles live in (an assumption, see
 * packages/fake-github/README.md).
 */
export const GITHUB_LIMITS = {
  issueTitle: 256,
  issueBody: 65_536,
  commentBody: 65_536,
  milestoneTitle: 255,
  labelName: 50,
} as const;

/** Characters as GitHub counts them: code points, not UTF-16 units. */
export function countCharacters(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/**
 * Throws GitHub's 422 for a value over its limit:
 * `{ message: "Validation Failed", errors: [{ resource, code: "custom", field, message }] }`.
 * Values that are not strings are left to the schema check.
 */
export function checkLength(params: {
  resource: 'Issue' | 'IssueComment' | 'Milestone' | 'Label';
  field: string;
  value: unknown;
  max: number;
}): void {
  const { resource, field, value, max } = params;
  if (typeof value !== 'string' || countCharacters(value) <= max) return;
  throw validationFailed([
    {
      resource,
      code: 'custom',
      field,
      message: `${field} is too long (maximum is ${max} characters)`,
    },
  ]);
}

/** The title and body limits of an issue (create or update) and of the labels it names. */
export function checkIssueFields(params: {
  title?: unknown;
  body?: unknown;
  labels?: string[];
}): void {
  checkLength({
    resource: 'Issue',
    field: 'title',
    value: params.title,
    max: GITHUB_LIMITS.issueTitle,
  });
  checkLength({
    resource: 'Issue',
    field: 'body',
    value: params.body,
    max: GITHUB_LIMITS.issueBody,
  });
  for (const name of params.labels ?? []) checkLabelName(name);
}

export function checkLabelName(name: unknown): void {
  checkLength({ resource: 'Label', field: 'name', value: name, max: GITHUB_LIMITS.labelName });
}
