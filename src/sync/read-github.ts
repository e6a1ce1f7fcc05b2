import type { Endpoints } from '@octokit/types';
import type { GithubClient } from './github-client.js';
import { asHttpError } from './github-client.js';
import type {
  DashboardIssue,
  GithubIssue,
  GithubMilestone,
  GithubSnapshot,
  RepoRef,
} from './sync-types.js';
import { decodeMarker } from './issue-marker.js';
import { decodeDashboardMarker } from './dashboard-marker.js';

/**
 * Remembers ETags and bodies of GET responses so a repeat read can be a conditional request
 * (`If-None-Match`), which GitHub answers with 304 and does not count against the rate limit.
 * https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate
 */
export interface ReadCache {
  get(key: string): { etag: string; data: unknown } | undefined;
  set(key: string, value: { etag: string; data: unknown }): void;
}

export function createMemoryReadCache(maxEntries = 500): ReadCache {
  const entries = new Map<string, { etag: string; data: unknown }>();
  return {
    get: (key) => entries.get(key),
    set: (key, value) => {
      entries.delete(key);
      entries.set(key, value);
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    },
  };
}

export class PlanFileMissingError extends Error {
  constructor(
    readonly path: string,
    readonly ref: string,
  ) {
    super(`${path} not found on ${ref}`);
  }
}

/**
 * The plan file is there but cannot be synced as text: past what GitHub's API serves (over
 * 100 MB: the contents API answers 403 `too_large`, and the blob API serves up to 100 MB), or
 * not UTF-8 (a binary file, or another encoding). The message names the file and why; nothing
 * is written.
 */
export class PlanFileUnreadableError extends Error {
  constructor(params: { path: string; ref: string; reason: string }) {
    super(`${params.path} on ${params.ref} ${params.reason}; not syncing it`);
  }
}

/**
 * Reads the plan file and the GitHub state the engine needs, in as few calls as possible:
 * contents (1), milestones and issues (`state=all`, 100 per page). `labels` holds the labels seen
 * on issues; the caller lists all labels only when the plan wants one not seen. Lists are read with
 * conditional requests; the issue list is sorted by `updated` so an unchanged first page (304)
 * proves the whole list unchanged. Pull requests in the issue list are dropped.
 *
 * Known limitation: an issue that disappears (deleted by an admin, or transferred) bumps no other
 * issue, so a 304 on page 1 keeps it in the cached list until the cache is dropped (a new process);
 * a write to it then fails with 404 and is reported, nothing else is affected.
 * https://docs.github.com/en/rest/issues/issues#list-repository-issues
 */
export async function readGithub(params: {
  octokit: GithubClient;
  repo: RepoRef;
  path: string;
  /** Branch to read; the default branch when omitted. */
  ref?: string;
  cache?: ReadCache;
}): Promise<GithubSnapshot> {
  const { octokit, repo, path } = params;
  const cache = params.cache ?? createMemoryReadCache();
  const file = await readFile({ octokit, repo, path, ref: params.ref, cache });
  const milestones = (await readList({
    octokit,
    cache,
    route: 'GET /repos/{owner}/{repo}/milestones',
    params: { ...repo, state: 'all', sort: 'due_on', direction: 'asc' },
  })) as RawMilestone[];
  const issues = (await readList({
    octokit,
    cache,
    route: 'GET /repos/{owner}/{repo}/issues',
    params: { ...repo, state: 'all', sort: 'updated', direction: 'desc' },
    firstPageProvesAll: true,
  })) as RawIssue[];
  const githubIssues = issues.filter((issue) => !issue.pull_request).map(toIssue);
  const labels = [...new Set(githubIssues.flatMap((issue) => issue.labels))];
  const dashboards = githubIssues.filter((issue) => decodeDashboardMarker(issue.body) !== null);
  return {
    repo,
    defaultBranch: file.branch,
    file: { path, sha: file.sha, text: file.text, ref: file.branch },
    milestones: milestones.map(toMilestone),
    issues: githubIssues.filter((issue) => !dashboards.includes(issue)),
    labels,
    dashboard: findDashboard({ dashboards, path }),
  };
}

/**
 * The dashboard issue of `path` among the issues with a dashboard marker: the oldest whose marker
 * names this file (a later one is a person's copy, left alone).
 */
function findDashboard(params: { dashboards: GithubIssue[]; path: string }): DashboardIssue | null {
  const found = params.dashboards
    .map((issue) => ({ issue, marker: decodeDashboardMarker(issue.body) }))
    .filter((d) => d.marker?.file === params.path)
    .sort((a, b) => a.issue.number - b.issue.number)[0];
  if (!found?.marker) return null;
  const { issue, marker } = found;
  return { number: issue.number, body: issue.body ?? '', state: issue.state, marker };
}

/**
 * All label names of the repository (100 per page, conditional requests). Only needed when the
 * plan wants a label no issue shows yet.
 * https://docs.github.com/en/rest/issues/labels#list-labels-for-a-repository
 */
export async function readLabels(params: {
  octokit: GithubClient;
  repo: RepoRef;
  cache: ReadCache;
}): Promise<string[]> {
  const labels = (await readList({
    octokit: params.octokit,
    cache: params.cache,
    route: 'GET /repos/{owner}/{repo}/labels',
    params: { ...params.repo },
  })) as { name: string }[];
  return labels.map((label) => label.name);
}

/** A milestone and an issue as GitHub's REST API lists them (Octokit's types of the OpenAPI description). */
type RawMilestone = Endpoints['GET /repos/{owner}/{repo}/milestones']['response']['data'][number];
type RawIssue = Endpoints['GET /repos/{owner}/{repo}/issues']['response']['data'][number];

function toMilestone(raw: RawMilestone): GithubMilestone {
  return {
    number: raw.number,
    title: raw.title,
    description: raw.description,
    state: raw.state === 'closed' ? 'closed' : 'open',
    dueOn: raw.due_on,
    marker: decodeMarker(raw.description),
  };
}

function toIssue(raw: RawIssue): GithubIssue {
  const parent = raw.parent_issue_url
    ? Number(/\/issues\/(\d+)$/.exec(raw.parent_issue_url)?.[1])
    : null;
  return {
    id: Number(raw.id),
    number: raw.number,
    title: raw.title,
    body: raw.body ?? null,
    state: raw.state === 'closed' ? 'closed' : 'open',
    stateReason: raw.state_reason ?? null,
    labels: raw.labels
      .map((l) => (typeof l === 'string' ? l : (l.name ?? '')))
      .filter((l) => l !== ''),
    assignees: (raw.assignees ?? []).map((a) => a.login),
    milestone: raw.milestone?.number ?? null,
    parent: parent !== null && Number.isFinite(parent) ? parent : null,
    marker: decodeMarker(raw.body),
    author: raw.user?.login ?? null,
  };
}

interface ContentsData {
  sha: string;
  content?: string;
  encoding?: string;
  url?: string;
  _links?: { html?: string };
}

/**
 * The branch a contents answer came from, when we asked for the default branch: its `url` ends in
 * `?ref=<branch>`; failing that, `_links.html` is `…/blob/<branch>/<path>` (branch names may hold
 * slashes, so the known path is cut off the end rather than split on `/`).
 */
function branchOf(params: { data: ContentsData; path: string }): string {
  const { data, path } = params;
  if (data.url) {
    const ref = new URL(data.url).searchParams.get('ref');
    if (ref) return ref;
  }
  const html = data._links?.html ?? '';
  const at = html.indexOf('/blob/');
  const suffix = `/${path.split('/').map(encodeURIComponent).join('/')}`;
  if (at >= 0 && html.endsWith(suffix))
    return decodeURIComponent(html.slice(at + 6, html.length - suffix.length));
  return 'main';
}

/** The plan file's text and blob sha at `ref` (default branch when omitted), conditionally read. */
export async function readFile(params: {
  octokit: GithubClient;
  repo: RepoRef;
  path: string;
  ref?: string;
  cache: ReadCache;
}): Promise<{ sha: string; text: string; branch: string }> {
  const { octokit, repo, path, ref, cache } = params;
  const key = `contents:${repo.owner}/${repo.repo}:${ref ?? ''}:${path}`;
  const where = { path, ref: ref ?? 'the default branch' };
  const data = (await refuseTooLarge({
    ...where,
    read: () =>
      conditionalGet({
        octokit,
        cache,
        key,
        route: 'GET /repos/{owner}/{repo}/contents/{path}',
        params: { ...repo, path, ...(ref ? { ref } : {}) },
        onNotFound: () => {
          throw new PlanFileMissingError(path, ref ?? 'the default branch');
        },
      }),
  })) as ContentsData;
  let bytes: Buffer;
  if (data.encoding === 'base64' && typeof data.content === 'string') {
    bytes = Buffer.from(data.content, 'base64');
  } else {
    // Files over 1 MB come back without content; read the blob instead (up to 100 MB).
    // https://docs.github.com/en/rest/repos/contents#get-repository-content
    const blob = await refuseTooLarge({
      ...where,
      read: async () =>
        (
          await octokit.request('GET /repos/{owner}/{repo}/git/blobs/{file_sha}', {
            ...repo,
            file_sha: data.sha,
          })
        ).data,
    });
    bytes = Buffer.from(blob.content, 'base64');
  }
  const text = decodeUtf8({ ...where, bytes });
  return { sha: data.sha, text, branch: ref ?? branchOf({ data, path }) };
}

/**
 * `read()`, with GitHub's 403 for a file past its API limits (`errors: [{ code: 'too_large' }]`,
 * "This API returns blobs up to 100 MB in size") turned into a PlanFileUnreadableError naming
 * the file. https://docs.github.com/en/rest/git/blobs#get-a-blob
 */
async function refuseTooLarge<T>(params: {
  path: string;
  ref: string;
  read: () => Promise<T>;
}): Promise<T> {
  try {
    return await params.read();
  } catch (error) {
    const http = asHttpError(error);
    const errors = (http?.response?.data as { errors?: { code?: unknown }[] } | undefined)?.errors;
    const tooLarge =
      http?.status === 403 &&
      ((Array.isArray(errors) && errors.some((e) => e?.code === 'too_large')) ||
        /too large/i.test(http.message));
    if (!tooLarge) throw error;
    throw new PlanFileUnreadableError({
      path: params.path,
      ref: params.ref,
      reason: "is larger than GitHub's API serves (100 MB, contents and blob APIs alike)",
    });
  }
}

/**
 * The file's bytes as UTF-8 text (a BOM kept), or a PlanFileUnreadableError naming the file and
 * the line of the first byte that is not UTF-8: a binary file or another encoding is not a plan,
 * and reading it with replacement characters would make the sync rewrite or close what it holds.
 */
function decodeUtf8(params: { path: string; ref: string; bytes: Buffer }): string {
  const { bytes } = params;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    // The lenient decoding re-encodes to the same bytes up to the first invalid sequence.
    const lenient = Buffer.from(
      new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes),
    );
    let offset = 0;
    while (offset < bytes.length && bytes[offset] === lenient[offset]) offset++;
    let line = 1;
    for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
    throw new PlanFileUnreadableError({
      path: params.path,
      ref: params.ref,
      reason: `is not UTF-8 text (byte 0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')} at offset ${offset}, line ${line}): a binary file or another encoding`,
    });
  }
}

async function conditionalGet(params: {
  octokit: GithubClient;
  cache: ReadCache;
  key: string;
  route: string;
  params: Record<string, unknown>;
  onNotFound?: () => never;
}): Promise<unknown> {
  const cached = params.cache.get(params.key);
  try {
    const response = await params.octokit.request(params.route, {
      ...params.params,
      ...(cached ? { headers: { 'if-none-match': cached.etag } } : {}),
    });
    const etag = response.headers.etag;
    if (typeof etag === 'string') params.cache.set(params.key, { etag, data: response.data });
    return response.data;
  } catch (error) {
    const http = asHttpError(error);
    if (http?.status === 304 && cached) return cached.data;
    if (http?.status === 404 && params.onNotFound) params.onNotFound();
    throw error;
  }
}

/**
 * Reads every page of a list (100 per page, following the `link` header's `next`). With
 * `firstPageProvesAll` (lists sorted by last update), a 304 on page 1 returns the cached list.
 */
async function readList(params: {
  octokit: GithubClient;
  cache: ReadCache;
  route: string;
  params: Record<string, unknown>;
  firstPageProvesAll?: boolean;
}): Promise<unknown[]> {
  const { octokit, cache, route } = params;
  const listKey = `list:${route}:${JSON.stringify(params.params)}`;
  const out: unknown[] = [];
  for (let page = 1; ; page++) {
    const pageKey = `${listKey}:page:${page}`;
    const cached = cache.get(pageKey);
    let data: unknown[];
    let next: boolean;
    try {
      const response = await octokit.request(route, {
        ...params.params,
        per_page: 100,
        page,
        ...(cached ? { headers: { 'if-none-match': cached.etag } } : {}),
      });
      data = response.data as unknown[];
      next = /\brel="next"/.test(String(response.headers.link ?? ''));
      const etag = response.headers.etag;
      if (typeof etag === 'string') cache.set(pageKey, { etag, data: { data, next } });
    } catch (error) {
      const http = asHttpError(error);
      if (http?.status !== 304 || !cached) throw error;
      if (page === 1 && params.firstPageProvesAll) {
        const all = cache.get(`${listKey}:all`);
        if (all) return all.data as unknown[];
      }
      ({ data, next } = cached.data as { data: unknown[]; next: boolean });
    }
    for (const entry of data) out.push(entry);
    if (!next) break;
  }
  if (params.firstPageProvesAll) cache.set(`${listKey}:all`, { etag: '', data: out });
  return out;
}
