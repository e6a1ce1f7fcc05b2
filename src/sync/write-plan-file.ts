import type { GithubClient } from './github-client.js';
import { asHttpError } from './github-client.js';
import type { Action, ActionOutcome, RepoRef } from './sync-types.js';

type EditFileAction = Extract<Action, { kind: 'edit-file' }>;

/**
 * Commits the edited plan with the blob sha it was planned against, so a concurrent human edit is
 * never overwritten: GitHub answers a stale sha with 409 and the caller re-reads and re-plans.
 * When the branch is protected or a ruleset requires pull requests (also a 409), the same edit
 * goes to one pull request from `milestone-sync/<file>`, opened once and updated after.
 * https://docs.github.com/en/rest/repos/contents#create-or-update-file-contents
 */
export async function writePlanFile(params: {
  octokit: GithubClient;
  repo: RepoRef;
  action: EditFileAction;
  text: string;
  problems: string[];
}): Promise<ActionOutcome> {
  const { octokit, repo, action, text } = params;
  const content = Buffer.from(text, 'utf8').toString('base64');
  const detail = params.problems.length > 0 ? `; not applied: ${params.problems.join('; ')}` : '';
  try {
    await octokit.request('PUT /repos/{owner}/{repo}/contents/{path}', {
      ...repo,
      path: action.path,
      message: commitMessage(action),
      content,
      sha: action.sha,
      branch: action.branch,
    });
    return { status: 'ok', detail: `committed to ${action.branch}${detail}` };
  } catch (error) {
    if (!refusedAsProtected(error)) throw nameTheFile({ error, path: action.path, text });
  }
  const number = await proposeByPullRequest({ octokit, repo, action, content });
  return {
    status: 'deferred',
    number,
    detail: `${action.branch} is protected: proposed in pull request #${number}${detail}`,
  };
}

/**
 * Whether a refused contents write should go the pull-request way. A 409 from the contents API
 * means one of two things: the blob sha is stale ("<path> does not match <sha>"), which the caller
 * re-reads and re-plans, or the branch refuses direct writes — classic branch protection
 * ("Protected branch update failed for refs/heads/main."), protection that requires status checks
 * ("Could not update file: 6 of 6 required status checks are expected."), or a repository ruleset
 * ("Repository rule violations found\n\nChanges must be made through a pull request."). Only the
 * stale-sha message is recognised positively; any other 409 is taken as protection, since GitHub
 * words protection refusals in more ways than it words a stale sha. A 422 counts only when it
 * names protection or rules. Push protection (a secret in the content) is refused for a pull
 * request just the same, so it fails here.
 * https://docs.github.com/en/rest/repos/contents#create-or-update-file-contents
 * https://docs.github.com/en/repositories/configuring-branches-and-merges-in-your-repository/managing-rulesets/about-rulesets
 */
function refusedAsProtected(error: unknown): boolean {
  const http = asHttpError(error);
  if (http?.status !== 409 && http?.status !== 422) return false;
  if (/secret/i.test(http.message)) return false;
  if (http.status === 409) return !isStaleSha(http.message);
  return /protected branch|rule violations|must be made through a pull request|required status check/i.test(
    http.message,
  );
}

/** GitHub's answer to a contents write whose `sha` is not the file's current blob sha. */
export function isStaleSha(message: string): boolean {
  return /\bdoes not match\b/i.test(message);
}

/**
 * A refused write (other than a stale sha, which the caller re-plans from the message it knows)
 * says which file was not written and how big it was: GitHub's own messages ("Validation Failed",
 * "too_large") do not. The file on GitHub is untouched; the status and response are kept, so the
 * executor reports it as the HTTP failure it is.
 */
function nameTheFile(params: { error: unknown; path: string; text: string }): unknown {
  const http = asHttpError(params.error);
  if (!http || http.status === 409 || !(params.error instanceof Error)) return params.error;
  const bytes = Buffer.byteLength(params.text, 'utf8');
  const size = bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${bytes} bytes`;
  const errors = (http.response?.data as { errors?: { code?: string }[] } | undefined)?.errors;
  const tooLarge = errors?.some((e) => e.code === 'too_large') ? ', too large for GitHub' : '';
  const named = new Error(
    `${params.path} (${size}${tooLarge}) was not written, GitHub's copy is unchanged: ${params.error.message}`,
    { cause: params.error },
  );
  return Object.assign(named, { status: http.status, response: http.response });
}

function commitMessage(action: EditFileAction): string {
  const lines = action.changes.map((change) => {
    switch (change.kind) {
      case 'rename-item':
        return `- rename ${change.key} to “${change.title}”`;
      case 'set-item-status':
        return `- mark ${change.key} ${change.status}`;
      case 'set-milestone-status':
        return `- set milestone ${change.key} status to ${change.status}`;
      case 'set-progress':
        return `- line ${change.line}: progress ${change.before} → ${change.after}`;
    }
  });
  return `${action.message}\n\n${lines.join('\n')}`;
}

async function proposeByPullRequest(params: {
  octokit: GithubClient;
  repo: RepoRef;
  action: EditFileAction;
  content: string;
}): Promise<number> {
  const { octokit, repo, action, content } = params;
  const branch = `milestone-sync/${action.path.replace(/[^A-Za-z0-9._-]+/g, '-')}`;
  const base = (
    await octokit.request('GET /repos/{owner}/{repo}/git/ref/{ref}', {
      ...repo,
      ref: `heads/${action.branch}`,
    })
  ).data;
  // Start the branch afresh from the base each time, so the pull request holds exactly this edit.
  try {
    await octokit.request('PATCH /repos/{owner}/{repo}/git/refs/{ref}', {
      ...repo,
      ref: `heads/${branch}`,
      sha: base.object.sha,
      force: true,
    });
  } catch (error) {
    const status = asHttpError(error)?.status;
    if (status !== 404 && status !== 422) throw error;
    await octokit.request('POST /repos/{owner}/{repo}/git/refs', {
      ...repo,
      ref: `refs/heads/${branch}`,
      sha: base.object.sha,
    });
  }
  await octokit.request('PUT /repos/{owner}/{repo}/contents/{path}', {
    ...repo,
    path: action.path,
    message: commitMessage(action),
    content,
    sha: action.sha,
    branch,
  });
  const open = (
    await octokit.request('GET /repos/{owner}/{repo}/pulls', {
      ...repo,
      state: 'open',
      head: `${repo.owner}:${branch}`,
      per_page: 1,
    })
  ).data;
  if (open[0]) return open[0].number;
  const created = (
    await octokit.request('POST /repos/{owner}/{repo}/pulls', {
      ...repo,
      title: `milestone-sync: update ${action.path} from GitHub`,
      head: branch,
      base: action.branch,
      body: `${action.branch} is protected, so milestone-sync proposes its edits here instead of committing them.\n\n${commitMessage(action)}`,
    })
  ).data;
  return created.number;
}
