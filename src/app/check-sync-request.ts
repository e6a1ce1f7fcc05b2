import { z } from 'zod';
import { TerminalJobError } from './terminal-job-error.js';

/**
 * The shape of a stored `SyncRequest` (app.ts), checked when a run starts: a durable queue keeps
 * requests across deploys, and one that an older or newer version stored in another shape cannot
 * be run by retrying it. Pushes and commands are checked for the fields that route them; their
 * other fields are read where they are used.
 */
const syncRequestSchema = z.object({
  repo: z.object({ owner: z.string().min(1), repo: z.string().min(1) }),
  fullName: z.string().min(1),
  repoId: z.number().int(),
  installationId: z.number().int(),
  deliveries: z.array(z.object({ id: z.string(), event: z.string() })),
  webUrl: z.string().nullable(),
  events: z.array(z.string()),
  pushes: z.array(z.looseObject({ ref: z.string(), commits: z.array(z.looseObject({})) })),
  always: z.boolean(),
  commands: z.array(z.looseObject({ commentId: z.number(), issueNumber: z.number() })),
  onboard: z.boolean(),
  // Absent in requests stored by versions before it.
  enqueuedAt: z.number().optional(),
});

/** Throws a `TerminalJobError` (never retried) naming the first problem when `input` is not one. */
export function checkSyncRequest(input: unknown): void {
  const checked = syncRequestSchema.safeParse(input);
  if (checked.success) return;
  const [issue] = checked.error.issues;
  throw new TerminalJobError(
    `stored sync request is not valid: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
  );
}
