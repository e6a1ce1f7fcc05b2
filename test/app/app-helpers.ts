import { generateKeyPairSync } from 'node:crypto';
import type { Logger as PinoLogger } from 'probot';
import type { ProbotOctokit } from 'probot';
import { Probot } from 'probot';
import type { MilestoneSyncApp, MilestoneSyncOptions } from '../../src/app/app.js';
import { milestoneSyncApp } from '../../src/app/app.js';
import { SyncOctokit } from '../../src/app/sync-octokit.js';
import type { DeliveryDedupe } from '../../src/app/delivery-dedupe.js';
import { createInMemoryDeliveryDedupe } from '../../src/app/delivery-dedupe.js';
import type { FakeGitHub, FakeIssue } from '@milestone-sync/fake-github';
import { createFakeGitHub } from '@milestone-sync/fake-github';

export const SECRET = 'app-test-secret';
export const FULL_NAME = 'acme/plan';
export const PATH = 'MILESTONES.md';
export const CONFIG_FILE = '.github/milestone-sync.yml';
/**
 * The config file every repository of the harness has unless told otherwise: a repository's own
 * file is what opts it in to syncing (without one, installation opens an onboarding pull request).
 */
export const OPTED_IN_CONFIG = '# This repository syncs with milestone-sync (test harness).\n';

let keyPair: string | undefined;

/** One RSA key for every Probot of the run (the fake does not check JWTs). */
export function privateKey(): string {
  keyPair ??= generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;
  return keyPair;
}

export interface LogLine {
  level: string;
  msg: string;
  fields?: Record<string, unknown>;
}

/**
 * A pino-shaped logger that keeps every line, for Probot and for assertions. `child(bindings)`
 * returns a logger whose lines carry the bindings (a child's over its parent's, as pino prints
 * them last) merged under the line's own fields.
 */
export function createRecordingLog(): { log: PinoLogger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const make = (bindings: Record<string, unknown>) => {
    const record =
      (level: string) =>
      (first: unknown, second?: unknown): void => {
        const own = typeof first === 'string' ? {} : (first as Record<string, unknown>);
        const msg = typeof first === 'string' ? first : String(second ?? '');
        const fields = { ...bindings, ...own };
        lines.push(Object.keys(fields).length > 0 ? { level, msg, fields } : { level, msg });
      };
    const log: Record<string, unknown> = {
      level: 'trace',
      bindings: () => bindings,
      child: (more: Record<string, unknown>) => make({ ...bindings, ...more }),
      trace: record('trace'),
      debug: record('debug'),
      info: record('info'),
      warn: record('warn'),
      error: record('error'),
      fatal: record('fatal'),
    };
    return log;
  };
  return { log: make({}) as unknown as PinoLogger, lines };
}

export interface AppHarness {
  fake: FakeGitHub;
  probot: Probot;
  app: MilestoneSyncApp;
  /** The app's delivery dedupe (unless appOptions gave one): `release` to forget a delivery. */
  deliveries: DeliveryDedupe;
  lines: LogLine[];
  /** Info lines and above, without Probot's own. */
  messages: (level?: string) => string[];
  /** Every webhook emitted so far has been handled (and everything they caused). */
  settle: () => Promise<void>;
  /** Stop handing the fake's deliveries to Probot (a test then delivers them over HTTP itself). */
  stopReceiving: () => void;
  /** Ids of the deliveries Probot has answered (its handlers returned), in that order. */
  answered: () => string[];
  fileText: (path?: string) => string;
  issues: () => FakeIssue[];
  issueByTitle: (title: string) => FakeIssue;
}

/**
 * A fake GitHub and a real Probot running milestoneSyncApp, wired like production: the fake signs
 * webhooks, Probot verifies them, and the installation Octokit calls back into the fake. Handling a
 * delivery only queues a sync: `settle()` waits for the syncs too. With
 * `concurrent`, deliveries are handed to Probot without waiting for the previous one to be handled
 * (as a real server receives them); otherwise one after another.
 */
export async function startApp(
  params: {
    files?: Record<string, string>;
    /**
     * `.github/milestone-sync.yml` put in every repository that `files` (or `otherRepos`) gives
     * none; default OPTED_IN_CONFIG, null for none (a repository that has not opted in).
     */
    config?: string | null;
    /** Options of the app; a function gets the fake (e.g. to wrap its clock). */
    appOptions?: MilestoneSyncOptions | ((fake: FakeGitHub) => MilestoneSyncOptions);
    concurrent?: boolean;
    /** Other repositories of the installation (name → files). */
    otherRepos?: Record<string, Record<string, string>>;
    install?: boolean;
    /** Probot's Octokit class; default SyncOctokit (no retry or throttling plugin). */
    Octokit?: typeof ProbotOctokit;
  } = {},
): Promise<AppHarness> {
  const fake = createFakeGitHub({ webhookSecret: SECRET });
  const config = params.config === undefined ? OPTED_IN_CONFIG : params.config;
  const withConfig = (files: Record<string, string>) =>
    config === null ? files : { [CONFIG_FILE]: config, ...files };
  fake.createRepo({ fullName: FULL_NAME, files: withConfig(params.files ?? {}) });
  for (const [name, files] of Object.entries(params.otherRepos ?? {})) {
    fake.createRepo({ fullName: name, files: withConfig(files) });
  }
  const { log, lines } = createRecordingLog();
  const probot = new Probot({
    appId: 4242,
    privateKey: privateKey(),
    secret: SECRET,
    baseUrl: fake.urls.api,
    request: { fetch: fake.fetch },
    log,
    Octokit: params.Octokit ?? SyncOctokit,
  });
  let app: MilestoneSyncApp | undefined;
  const deliveries = createInMemoryDeliveryDedupe();
  await probot.load((probotApp, options) => {
    app = milestoneSyncApp(probotApp, {
      ...options,
      appSlug: 'milestone-sync',
      clock: fake.clock,
      // Tests batch only when they ask to (a window on the virtual clock would pass at once anyway).
      batchWindowMs: 0,
      deliveries,
      ...(typeof params.appOptions === 'function' ? params.appOptions(fake) : params.appOptions),
    });
  });
  const inflight: Promise<unknown>[] = [];
  const answered: string[] = [];
  const stopReceiving = fake.webhooks.subscribe((delivery) => {
    const handled = probot.webhooks
      .verifyAndReceive({
        id: delivery.id,
        name: delivery.event as never,
        payload: delivery.body,
        signature: delivery.headers['x-hub-signature-256'] ?? '',
      })
      .then(() => {
        answered.push(delivery.id);
      });
    if (!params.concurrent) return handled;
    inflight.push(handled);
  });
  const settle = async () => {
    // Handlers only queue syncs; a sync's writes emit more webhooks, which may queue more syncs:
    // wait until deliveries, handlers and the queue are all quiet.
    for (;;) {
      const emitted = fake.webhooks.deliveries.length;
      await fake.webhooks.idle();
      const pending = inflight.splice(0);
      await Promise.all(pending);
      await app?.idle();
      if (pending.length === 0 && fake.webhooks.deliveries.length === emitted) break;
    }
  };
  if (params.install !== false) {
    fake.install({
      account: 'acme',
      repos: [FULL_NAME, ...Object.keys(params.otherRepos ?? {})],
      id: 77,
    });
    await settle();
  }
  const repoState = () => fake.repo(FULL_NAME);
  const issues = () => [...repoState().issues.values()].filter((issue) => !issue.isPullRequest);
  return {
    fake,
    probot,
    app: app as MilestoneSyncApp,
    deliveries,
    lines,
    messages: (level) =>
      lines
        .filter((l) => (level ? l.level === level : ['info', 'warn', 'error'].includes(l.level)))
        .map((l) => l.msg)
        .filter((msg) => !msg.startsWith('GitHub request:')),
    settle,
    stopReceiving: () => {
      stopReceiving();
    },
    answered: () => [...answered],
    fileText: (path = PATH) => {
      const repo = repoState();
      const head = repo.branches.get(repo.defaultBranch)?.headSha ?? '';
      const blob = repo.commits.get(head)?.files.get(path);
      if (!blob) throw new Error(`${path} missing on the fake`);
      return blob.bytes.toString('utf8');
    },
    issues,
    issueByTitle: (title) => {
      const found = issues().filter((issue) => issue.title === title);
      if (found.length !== 1)
        throw new Error(`expected one issue “${title}”, found ${found.length}`);
      return found[0] as FakeIssue;
    },
  };
}
