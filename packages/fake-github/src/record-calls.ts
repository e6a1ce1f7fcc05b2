/** One request as the fake saw it. `route` is `METHOD template` (e.g. `GET /repos/{owner}/{repo}/milestones`). */
export interface RecordedCall {
  method: string;
  route: string;
  template: string | null;
  path: string;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  status: number;
  /** Clock time (ms) when the request arrived. */
  at: number;
  /** Answered by an injected fault. */
  faulted: boolean;
}

/**
 * Every call by route template. Reads are GET/HEAD; writes are everything
 * else. `reset()` clears the log (not the fake's state).
 */
export class CallLog {
  private log: RecordedCall[] = [];

  record(call: RecordedCall): void {
    this.log.push(call);
  }

  all(): RecordedCall[] {
    return [...this.log];
  }

  /** Count per `METHOD template`, e.g. `{ 'GET /repos/{owner}/{repo}/issues': 3 }`. */
  byRoute(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const call of this.log) counts[call.route] = (counts[call.route] ?? 0) + 1;
    return counts;
  }

  count(route: string): number {
    return this.log.filter((call) => call.route === route).length;
  }

  reads(): RecordedCall[] {
    return this.log.filter((call) => call.method === 'GET' || call.method === 'HEAD');
  }

  writes(): RecordedCall[] {
    return this.log.filter((call) => call.method !== 'GET' && call.method !== 'HEAD');
  }

  reset(): void {
    this.log = [];
  }
}
