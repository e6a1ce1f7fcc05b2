import type { ReadCache } from '../sync/read-github.js';
import { createMemoryReadCache } from '../sync/read-github.js';
import type { Clock, WritePacer } from '../sync/pace-writes.js';
import { createWritePacer } from '../sync/pace-writes.js';

/**
 * Makes the write pacer of one installation, timed by `clock`. The default,
 * `createWritePacer`, paces this process only; postgres-write-pacer.ts paces every replica on
 * one database together.
 */
export type CreatePacer = (params: { installationId: number; clock: Clock }) => WritePacer;

/**
 * What the app keeps between syncs, per installation: one write pacer (GitHub's secondary limits
 * count an installation's writes, whichever repository they go to) and the read caches (ETags:
 * an unchanged list or file is answered 304, which costs no rate limit) of its repositories. A
 * cache is never shared between installations. Both are bounded, least recently used first out:
 * a cached issue list holds whole pages of issues.
 */
export interface SyncResources {
  forRepo(params: { installationId: number; repoId: number }): {
    cache: ReadCache;
    pacer: WritePacer;
  };
  /**
   * Forgets a repository's cache. After an issue is deleted or transferred away nothing else
   * changes, so a cached issue list would keep it (see read-github.ts): the next read is a full one.
   */
  dropRepo(params: { installationId: number; repoId: number }): void;
  dropInstallation(installationId: number): void;
}

export function createSyncResources(params: {
  clock: Clock;
  /** Makes each installation's pacer. Default: in this process (createWritePacer). */
  createPacer?: CreatePacer;
  /** Repositories whose reads stay cached. Default 100. */
  maxCachedRepos?: number;
  /** Installations whose pacers are kept. Default 1000. */
  maxInstallations?: number;
}): SyncResources {
  const { clock } = params;
  const createPacer: CreatePacer = params.createPacer ?? (() => createWritePacer({ clock }));
  const maxCachedRepos = params.maxCachedRepos ?? 100;
  const maxInstallations = params.maxInstallations ?? 1000;
  const pacers = new Map<number, WritePacer>();
  const caches = new Map<string, ReadCache>();
  const cacheKey = (p: { installationId: number; repoId: number }) =>
    `${p.installationId}/${p.repoId}`;
  return {
    forRepo: (repo) => {
      let pacer = pacers.get(repo.installationId);
      pacers.delete(repo.installationId);
      pacer ??= createPacer({ installationId: repo.installationId, clock });
      pacers.set(repo.installationId, pacer);
      evictOldest({ map: pacers, max: maxInstallations });
      const key = cacheKey(repo);
      let cache = caches.get(key);
      caches.delete(key);
      cache ??= createMemoryReadCache(1000);
      caches.set(key, cache);
      evictOldest({ map: caches, max: maxCachedRepos });
      return { cache, pacer };
    },
    dropRepo: (repo) => {
      caches.delete(cacheKey(repo));
    },
    dropInstallation: (installationId) => {
      pacers.delete(installationId);
      for (const key of [...caches.keys()]) {
        if (key.startsWith(`${installationId}/`)) caches.delete(key);
      }
    },
  };
}

function evictOldest<K, V>(params: { map: Map<K, V>; max: number }): void {
  const { map, max } = params;
  while (map.size > max) map.delete(map.keys().next().value as K);
}
