import { Octokit } from '@octokit/rest';
import type { HumanActions } from './act-as-human.js';
import type { AppManifest } from './register-app-from-manifest.js';
import { registerAppFromManifest } from './register-app-from-manifest.js';
import { createHumanActions, findRepo } from './act-as-human.js';
import type { FetchLike } from './create-fetch.js';
import { createFetch } from './create-fetch.js';
import type { FakeClock } from './fake-clock.js';
import { createVirtualClock } from './fake-clock.js';
import type { FakeContext, FakeUrls } from './fake-context.js';
import type { FakeInstallation, FakeRepo, FakeState } from './fake-state.js';
import { createFakeState, ensureUser } from './fake-state.js';
import { WebhookEmitter } from './emit-webhook.js';
import type { FakeRequest, FakeResponse, SchemaViolation } from './handle-request.js';
import { handleRequest } from './handle-request.js';
import { FaultInjector } from './inject-faults.js';
import { deleteRepository } from './fork-operations.js';
import { createInstallation } from './installation-operations.js';
import type { SecondaryLimitOptions } from './pace-secondary-limits.js';
import { SecondaryLimits } from './pace-secondary-limits.js';
import { CallLog } from './record-calls.js';
import type { CreateRepoParams } from './repo-operations.js';
import { createRepository } from './repo-operations.js';
import type { FakeServer } from './serve-http.js';
import { serveHttp } from './serve-http.js';
import { PrimaryRateLimit } from './track-rate-limit.js';

export interface FakeGitHubOptions {
  /** Default: a virtual clock at 2026-01-15T17:00:00Z that only moves when told to. */
  clock?: FakeClock;
  /** Base of `url` fields in resources. Default `https://api.github.test`. */
  apiUrl?: string;
  /** Base of `html_url` fields. Default `https://github.test`. */
  webUrl?: string;
  /** App slug; the REST API acts as `<slug>[bot]`. Default `milestone-sync`. */
  appSlug?: string;
  appId?: number;
  /** Login used by `fake.human`. Default `octocat`. */
  humanLogin?: string;
  /** Secret for `X-Hub-Signature-256`. Default `fake-webhook-secret`. */
  webhookSecret?: string;
  /** Primary rate limit per hour. Default 5000. */
  rateLimit?: number;
  /** Emulate content-creation secondary limits (80/min, 500/h by default). Default off. */
  secondaryLimits?: boolean | SecondaryLimitOptions;
  /** Check request bodies against GitHub's OpenAPI description (422 + recorded violation). Default true. */
  validateRequests?: boolean;
  /** Check the fake's own responses: `throw` (default; fetch rejects), `record`, or `off`. */
  validateResponses?: 'throw' | 'record' | 'off';
  /** Check webhook payloads against `@octokit/openapi-webhooks`. Default `throw`. */
  validateWebhooks?: 'throw' | 'record' | 'off';
}

export interface FakeGitHub {
  readonly state: FakeState;
  readonly clock: FakeClock;
  readonly urls: FakeUrls;
  /** Login the REST API acts as, e.g. `milestone-sync[bot]`. */
  readonly apiActorLogin: string;
  /** A WHATWG fetch served by the fake (pass as Octokit `request.fetch`). */
  readonly fetch: FetchLike;
  /** Answers one request (transport-neutral); used by `fetch` and `listen`. */
  handle(request: FakeRequest): Promise<FakeResponse>;
  /** An `@octokit/rest` Octokit bound to this fake. */
  octokit(options?: { auth?: string; baseUrl?: string }): Octokit;
  /** Creates a repository with an initial commit (files) on its default branch. */
  createRepo(params: Omit<CreateRepoParams, 'ctx'>): FakeRepo;
  /** The repository `owner/name`; throws if absent. */
  repo(fullName: string): FakeRepo;
  /**
   * Deletes a repository; emits nothing. Pull requests from it (a fork) then render
   * `head.repo: null`. `pullHeads`: `'kept'` (default, as GitHub keeps `refs/pull/N/head`) or
   * `'dropped'`: the base repositories no longer serve those pull requests' head commits.
   */
  deleteRepo(params: { fullName: string; pullHeads?: 'kept' | 'dropped' }): void;
  /** Installs the app on repositories; emits `installation.created`. */
  install(params: { account: string; repos: string[]; id?: number }): FakeInstallation;
  /**
   * A person posts a GitHub App manifest to GitHub and clicks "Create GitHub App" (the manifest
   * flow): the app created is this fake's (its id, slug, webhook secret), deliveries go to the
   * manifest's `hook_attributes.url` from then on, and the returned code (with the browser's
   * next stop, `redirect_url?code=…`) is for `POST /app-manifests/{code}/conversions`.
   */
  registerAppFromManifest(params: { manifest: AppManifest; owner?: string }): {
    code: string;
    redirectUrl: string | null;
  };
  /** Act in the UI as `humanLogin` (or `.as(login)`). */
  readonly human: HumanActions;
  readonly calls: CallLog;
  readonly faults: FaultInjector;
  readonly rateLimit: PrimaryRateLimit;
  readonly secondaryLimits: SecondaryLimits;
  readonly webhooks: WebhookEmitter;
  /** Schema violations seen so far (requests answered 422, responses, webhooks). */
  readonly violations: SchemaViolation[];
  /** Throws listing every recorded violation; call in `afterEach`. */
  assertNoViolations(): void;
  /** Serves the fake on 127.0.0.1 (random port unless given). */
  listen(options?: { port?: number }): Promise<FakeServer>;
}

/**
 * Creates a stateful in-memory GitHub. Everything is synchronous in memory;
 * webhooks are delivered asynchronously (`await fake.webhooks.idle()`).
 */
export function createFakeGitHub(options: FakeGitHubOptions = {}): FakeGitHub {
  const clock = options.clock ?? createVirtualClock();
  const urls: FakeUrls = {
    api: (options.apiUrl ?? 'https://api.github.test').replace(/\/$/, ''),
    web: (options.webUrl ?? 'https://github.test').replace(/\/$/, ''),
  };
  const appSlug = options.appSlug ?? 'milestone-sync';
  const appId = options.appId ?? 4242;
  const apiActorLogin = `${appSlug}[bot]`;
  const state = createFakeState();
  const violations: SchemaViolation[] = [];
  const webhookSecret = options.webhookSecret ?? 'fake-webhook-secret';
  const webhooks = new WebhookEmitter({
    ctx: () => ctx,
    secret: webhookSecret,
    validate: options.validateWebhooks ?? 'throw',
    onViolation: (message) => violations.push({ kind: 'webhook', route: 'webhook', message }),
    appId,
  });
  const ctx: FakeContext = {
    state,
    clock,
    urls,
    apiActorLogin,
    emit: (event) => void webhooks.emit(event),
    hookDeliveries: webhooks,
  };
  ensureUser({ state, login: apiActorLogin, type: 'Bot' });
  const rateLimit = new PrimaryRateLimit(clock, options.rateLimit ?? 5000);
  const secondaryLimits = new SecondaryLimits(clock, options.secondaryLimits);
  const calls = new CallLog();
  const faults = new FaultInjector();
  const handle = (request: FakeRequest): Promise<FakeResponse> =>
    handleRequest(
      {
        ctx,
        rateLimit,
        secondary: secondaryLimits,
        faults,
        calls,
        violations,
        validateRequests: options.validateRequests ?? true,
        validateResponses: options.validateResponses ?? 'throw',
      },
      request,
    );
  const fetch = createFetch(handle);
  return {
    state,
    clock,
    urls,
    apiActorLogin,
    fetch,
    handle,
    octokit: (octokitOptions = {}) =>
      new Octokit({
        auth: octokitOptions.auth ?? 'ghs_fake_installation_token',
        baseUrl: octokitOptions.baseUrl ?? urls.api,
        request: { fetch },
        log: {
          debug: () => undefined,
          info: () => undefined,
          warn: () => undefined,
          error: () => undefined,
        },
      }),
    createRepo: (params) => createRepository({ ...params, ctx }),
    repo: (fullName) => findRepo({ ctx, fullName }),
    deleteRepo: (params) =>
      deleteRepository({
        ctx,
        repo: findRepo({ ctx, fullName: params.fullName }),
        pullHeads: params.pullHeads,
      }),
    install: (params) =>
      createInstallation({
        ctx,
        account: params.account,
        repos: params.repos,
        appId,
        appSlug,
        senderLogin: params.account,
        id: params.id,
      }),
    registerAppFromManifest: ({ manifest, owner }) => {
      const registered = registerAppFromManifest({
        ctx,
        manifest,
        ownerLogin: owner ?? options.humanLogin ?? 'octocat',
        app: { id: appId, slug: appSlug, webhookSecret },
      });
      const hook = manifest.hook_attributes;
      if (hook && hook.active !== false) webhooks.addTarget(hook.url);
      return registered;
    },
    human: createHumanActions({ ctx: () => ctx, login: options.humanLogin ?? 'octocat' }),
    calls,
    faults,
    rateLimit,
    secondaryLimits,
    webhooks,
    violations,
    assertNoViolations: () => {
      if (violations.length > 0) {
        throw new Error(
          `fake-github recorded ${violations.length} schema violation(s):\n` +
            violations
              .map((v) => `- [${v.kind}] ${v.route} ${v.status ?? ''}: ${v.message}`)
              .join('\n'),
        );
      }
    },
    listen: (listenOptions = {}) => serveHttp({ handle, port: listenOptions.port }),
  };
}
