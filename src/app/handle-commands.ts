import type { AppLogger } from './delivery-log.js';
import type { Context } from 'probot';
import { decodeDashboardMarker } from '../sync/dashboard-marker.js';
import type { CommandRequest } from './answer-commands.js';
import { parseCommand } from './parse-command.js';

type CommentContext = Context<'issue_comment'>;

/**
 * `issue_comment.created`: a person's `/milestone-sync <verb>` (src/app/parse-command.ts) on a
 * plan's dashboard issue or on a pull request. Decided from the payload alone, so any other
 * comment costs no API call: comments by bots (the app's own replies included), comments whose
 * first line is no command, comments elsewhere, archived repositories are let go. A command is
 * queued and the delivery answered at once; the queued run checks the person's permission,
 * reacts and replies (src/app/answer-commands.ts):
 *
 * - `preview` on a pull request → that pull request's preview again (the previews' queue);
 * - everything else (`sync` anywhere, `preview` on the dashboard, an unknown verb) → the
 *   repository's sync queue, without the batching window.
 *
 * Edited comments are not read (`issue_comment.edited`): a command is given by posting it.
 */
export function createCommandHandler(params: {
  /** Queues a run of the repository's sync queue that answers `command`. */
  requestSync: (params: { context: CommentContext; command: CommandRequest }) => Promise<void>;
  /** Queues the pull request's preview, answering `command`. */
  requestPreview: (params: { context: CommentContext; command: CommandRequest }) => Promise<void>;
  ignore: (context: CommentContext, why: string) => void;
  /** The delivery's logger (delivery-log.ts). */
  logOf: (context: CommentContext) => AppLogger;
}) {
  const { ignore } = params;
  const onIssueComment = async (context: CommentContext): Promise<void> => {
    const { comment, issue, repository, sender } = context.payload;
    const parsed = parseCommand(comment.body);
    if (parsed === null) return ignore(context, 'not a command');
    if (sender.type === 'Bot' || comment.user?.type === 'Bot') {
      return ignore(context, `written by a bot (${sender.login})`);
    }
    if (repository.archived) return ignore(context, 'the repository is archived');
    const onPullRequest = issue.pull_request !== undefined && issue.pull_request !== null;
    // The dashboard is the app's issue with the dashboard marker; a person's copy of it is not.
    const onDashboard = issue.user?.type === 'Bot' && decodeDashboardMarker(issue.body) !== null;
    if (!onPullRequest && !onDashboard) {
      return ignore(context, `#${issue.number} is neither a dashboard issue nor a pull request`);
    }
    const command: CommandRequest = {
      verb: parsed.kind === 'command' ? parsed.verb : null,
      word: parsed.kind === 'unknown' ? parsed.word : null,
      commentId: comment.id,
      commentUrl: comment.html_url,
      createdAt: comment.created_at,
      issueNumber: issue.number,
      login: comment.user?.login ?? sender.login,
      line: parsed.line,
      extra: parsed.kind === 'command' ? parsed.extra : [],
    };
    params
      .logOf(context)
      .info(`${repository.full_name}#${issue.number}: ${parsed.line} by ${command.login} queued`);
    if (command.verb === 'preview' && onPullRequest) {
      await params.requestPreview({ context, command });
    } else {
      await params.requestSync({ context, command });
    }
  };
  return { onIssueComment };
}
