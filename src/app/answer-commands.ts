import type { CommandReply } from '../report/render-command-reply.js';
import {
  codeSpan,
  commandReplyMarker,
  renderCommandReply,
} from '../report/render-command-reply.js';
import { summarizeSyncReport } from '../report/summarize-sync-report.js';
import type { GithubClient, Logger } from '../sync/github-client.js';
import { asHttpError, describeHttpFailure } from '../sync/github-client.js';
import type { Clock, WritePacer } from '../sync/pace-writes.js';
import { withRetry } from '../sync/request-with-retry.js';
import type { SyncReport } from '../sync/sync-repo.js';
import type { RepoRef } from '../sync/sync-types.js';
import { findStickyComment } from '../sync/upsert-sticky-comment.js';
import type { CommandVerb } from './parse-command.js';
import { COMMAND_PREFIX } from './parse-command.js';
import type { SyncRun } from './run-repository-sync.js';
import type { AppOctokit } from './sync-octokit.js';
import { toGithubClient } from './sync-octokit.js';

/** A command from a comment (src/app/handle-commands.ts), carried by a queue until it is answered. */
export interface CommandRequest {
  /** null: no verb, or one the app does not know; answered with the usage. */
  verb: CommandVerb | null;
  /** The unknown verb as written (null when there was none or the verb is known). */
  word: string | null;
  commentId: number;
  commentUrl: string;
  /** When the comment was written (ISO 8601): the app's reply is looked for from then on. */
  createdAt: string;
  /** The issue or pull request the comment is on; the reply goes there. */
  issueNumber: number;
  /** Who wrote it: the permission checked is theirs. */
  login: string;
  /** The command line as written, quoted in the reply. */
  line: string;
  /** Words after the verb, ignored (the reply says so). */
  extra: string[];
}

/** How a command ended, for its reply and reaction. */
export interface CommandResult {
  /** `+1` when true, `-1` when false. */
  ok: boolean;
  message: string;
  report?: SyncReport | null;
}

/** Commands of two requests that waited together; each comment once (redeliveries repeat one). */
export function mergeCommands(params: {
  waiting: CommandRequest[];
  next: CommandRequest[];
}): CommandRequest[] {
  const seen = new Set(params.waiting.map((c) => c.commentId));
  return [...params.waiting, ...params.next.filter((c) => !seen.has(c.commentId))];
}

/** The usage, as the reply to an unknown command. */
export function renderCommandUsage(word: string | null): string {
  const lead = word === null ? 'No command given.' : `Unknown command ${codeSpan(word)}.`;
  return [
    lead,
    '',
    "Commands go on the first line of a comment on the plan's dashboard issue or on a pull request, and are obeyed for people with write access to the repository:",
    '',
    `- \`${COMMAND_PREFIX} sync\`: sync the plan and GitHub now.`,
    `- \`${COMMAND_PREFIX} preview\`: on the dashboard issue, what a sync would do now (a dry run: nothing is written); on a pull request, refresh its preview comment.`,
  ].join('\n');
}

/** What a queued run needs to answer commands: admit them first, then finish the admitted ones. */
export interface CommandAnswers {
  /**
   * The commands to obey, each acknowledged with an `eyes` reaction. Left out, each answered at
   * most once: a command already answered (its reply is there: a redelivered webhook), an
   * unknown one (the usage, `confused`), one from a person without write access (a short reply,
   * `confused`). Costs nothing for no commands.
   */
  admit(commands: CommandRequest[]): Promise<CommandRequest[]>;
  /** Replies to each command with `result`, then reacts `+1` (ok) or `-1`. */
  finish(params: { commands: CommandRequest[]; result: CommandResult }): Promise<void>;
}

/**
 * Answers commands on one repository's issues and pull requests: replies (a new comment quoting
 * the command, starting with commandReplyMarker) and reactions on the command's comment. Calls go
 * through the engine's retries and the installation's write pacer. A failing call is logged and
 * skipped; nothing here throws.
 *
 * - https://docs.github.com/rest/collaborators/collaborators#get-repository-permissions-for-a-user
 *   (`permission` is the base role: `maintain` counts as `write`; custom roles report their base)
 * - https://docs.github.com/rest/reactions/reactions#create-reaction-for-an-issue-comment
 * - https://docs.github.com/rest/issues/comments#create-an-issue-comment
 */
export function createCommandAnswers(params: {
  octokit: AppOctokit;
  repo: RepoRef;
  clock: Clock;
  pacer: WritePacer;
  log: Logger;
}): CommandAnswers {
  const { repo, log } = params;
  const fullName = `${repo.owner}/${repo.repo}`;
  const octokit: GithubClient = withRetry({
    client: toGithubClient(params.octokit),
    clock: params.clock,
    pacer: params.pacer,
    log,
  });

  const attempt = async (what: string, call: () => Promise<unknown>): Promise<boolean> => {
    try {
      await call();
      return true;
    } catch (error) {
      log.warn(`${fullName}: could not ${what}: ${describeHttpFailure(error)}`);
      return false;
    }
  };

  const react = (command: CommandRequest, content: '+1' | '-1' | 'confused' | 'eyes') =>
    attempt(`react ${content} to comment ${command.commentId}`, () =>
      octokit.request('POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', {
        ...repo,
        comment_id: command.commentId,
        content,
      }),
    );

  const reply = (command: CommandRequest, result: Omit<CommandReply, 'commentId' | 'line'>) =>
    attempt(`reply to comment ${command.commentId}`, () =>
      octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        ...repo,
        issue_number: command.issueNumber,
        body: renderCommandReply({
          ...result,
          commentId: command.commentId,
          line: command.line,
        }),
      }),
    );

  const answered = async (command: CommandRequest): Promise<boolean> => {
    const existing = await findStickyComment({
      octokit,
      repo,
      number: command.issueNumber,
      marker: commandReplyMarker(command.commentId),
      since: command.createdAt,
    });
    return existing !== null;
  };

  /** The person's base role, `none` for a login GitHub does not know (404). */
  const permissionOf = async (login: string): Promise<string> => {
    try {
      const { data } = await octokit.request(
        'GET /repos/{owner}/{repo}/collaborators/{username}/permission',
        { ...repo, username: login },
      );
      return data.permission;
    } catch (error) {
      if (asHttpError(error)?.status === 404) return 'none';
      throw error;
    }
  };

  const admitOne = async (command: CommandRequest): Promise<boolean> => {
    const commentUrl = command.commentUrl;
    if (await answered(command)) {
      log.info(`${fullName}: comment ${command.commentId} is answered already; not again`);
      return false;
    }
    if (command.verb === null) {
      await reply(command, { commentUrl, message: renderCommandUsage(command.word) });
      await react(command, 'confused');
      return false;
    }
    let permission: string;
    try {
      permission = await permissionOf(command.login);
    } catch (error) {
      const failure = describeHttpFailure(error);
      log.warn(`${fullName}: could not check ${command.login}'s permission: ${failure}`);
      await reply(command, {
        commentUrl,
        message: `Could not check ${command.login}'s access to ${fullName} (${failure}); nothing was done. Please try again.`,
      });
      await react(command, '-1');
      return false;
    }
    if (permission !== 'admin' && permission !== 'write') {
      log.info(`${fullName}: ${command.line} by ${command.login} (${permission}) not obeyed`);
      const has = permission === 'none' ? 'no access' : `${permission} access`;
      await reply(command, {
        commentUrl,
        message: `Commands are obeyed for people with write access to ${fullName}; ${command.login} has ${has}.`,
      });
      await react(command, 'confused');
      return false;
    }
    await react(command, 'eyes');
    return true;
  };

  return {
    admit: async (commands) => {
      const admitted: CommandRequest[] = [];
      for (const command of commands) {
        try {
          if (await admitOne(command)) admitted.push(command);
        } catch (error) {
          // Listing the comments failed: without knowing whether it was answered, do nothing.
          log.warn(
            `${fullName}: comment ${command.commentId} not answered: ${describeHttpFailure(error)}`,
          );
        }
      }
      return admitted;
    },
    finish: async ({ commands, result }) => {
      for (const command of commands) {
        await reply(command, {
          commentUrl: command.commentUrl,
          message: result.message,
          report: result.report,
          ignored: command.extra,
        });
        await react(command, result.ok ? '+1' : '-1');
      }
    },
  };
}

/**
 * One run of the sync queue with the commands it carries (none: just the sync the events asked
 * for). Admitted `preview` commands get one dry run of the use case, answered before anything is
 * written; then the sync runs when events, pushes or an admitted `sync` command ask for it
 * (`forced`: whatever the pushes touched), and answers the `sync` commands with its headline and
 * report.
 */
export async function runWithCommands(params: {
  commands: CommandRequest[];
  answers: CommandAnswers;
  /** Events or pushes ask for a sync whatever the commands say. */
  needsSync: boolean;
  sync: (params: { forced: boolean; dryRun: boolean }) => Promise<SyncRun>;
}): Promise<void> {
  const { answers } = params;
  const admitted = await answers.admit(params.commands);
  const previews = admitted.filter((c) => c.verb === 'preview');
  const syncs = admitted.filter((c) => c.verb === 'sync');
  if (previews.length > 0) {
    const run = await params.sync({ forced: true, dryRun: true });
    await answers.finish({
      commands: previews,
      result: {
        ok: run.report !== null || run.outcome === 'no-plan',
        message: run.report ? `${run.summary}. Nothing was written.` : run.summary,
        report: run.report,
      },
    });
  }
  if (!params.needsSync && syncs.length === 0) return;
  const run = await params.sync({ forced: syncs.length > 0, dryRun: false });
  if (syncs.length === 0) return;
  const conclusion = run.report ? summarizeSyncReport(run.report).conclusion : null;
  await answers.finish({
    commands: syncs,
    result: {
      ok: (run.outcome === 'synced' || run.outcome === 'no-plan') && conclusion !== 'refused',
      message: run.report ? `${run.summary}.` : run.summary,
      report: run.report,
    },
  });
}
