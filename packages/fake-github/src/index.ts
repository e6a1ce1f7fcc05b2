/**
 * fake-github: a stateful, schema-checked in-memory GitHub for tests and the
 * local demo. See packages/fake-github/README.md.
 */
export { createFakeGitHub } from './create-fake-github.js';
export type { FakeGitHub, FakeGitHubOptions } from './create-fake-github.js';
export { createVirtualClock, createRealClock, formatTimestamp } from './fake-clock.js';
export type { FakeClock, VirtualClockOptions } from './fake-clock.js';
export type { HumanActions } from './act-as-human.js';
export type { AppManifest } from './register-app-from-manifest.js';
export type { FakeServer } from './serve-http.js';
export type { FetchLike } from './create-fetch.js';
export type { FaultSpec, FaultRequest } from './inject-faults.js';
export { FaultInjector } from './inject-faults.js';
export type { RecordedCall } from './record-calls.js';
export { CallLog } from './record-calls.js';
export type { WebhookDelivery, WebhookSubscriber } from './emit-webhook.js';
export { WebhookEmitter } from './emit-webhook.js';
export type { HookDeliveryItem } from './hook-delivery-log.js';
export type { FlakyTarget, TargetRequest } from './start-flaky-target.js';
export { startFlakyTarget } from './start-flaky-target.js';
export { signWebhookBody } from './sign-webhook.js';
export type { FakeRequest, FakeResponse, SchemaViolation } from './handle-request.js';
export { FakeGitHubSchemaError } from './handle-request.js';
export { computeBlobSha } from './compute-git-sha.js';
export { GITHUB_LIMITS } from './check-limits.js';
export { normalizeDueOn } from './normalize-due-on.js';
export { SECONDARY_LIMIT_MESSAGE } from './pace-secondary-limits.js';
export type { SecondaryLimitOptions } from './pace-secondary-limits.js';
export { validateRequestBody, validateResponseBody } from './validate-openapi.js';
export { validateWebhookPayload } from './validate-webhook-payload.js';
export type {
  FakeRepo,
  FakeIssue,
  FakeMilestone,
  FakeLabel,
  FakeCommit,
  FakeComment,
  FakeReaction,
  FakeRole,
  FakePull,
  FakePullFork,
  FakeCheckRun,
  FakeState,
  FakeInstallation,
} from './fake-state.js';
