import type { WebhookDelivery } from '@milestone-sync/fake-github';
import { readSeed } from '../../helpers/read-fixture.js';
import { FULL_NAME, PATH } from '../../app/app-helpers.js';
import type { FaultCase, FaultResult } from '../fault-case.js';
import type { FaultApp } from '../fault-harness.js';
import {
  check,
  deliverableIssues,
  invariantChecks,
  redeliver,
  repoWritesSince,
  secondSyncCheck,
  startFaultApp,
} from '../fault-harness.js';

const PUT = 'PUT /repos/{owner}/{repo}/contents/{path}';
const SEED = readSeed('elemta-MILESTONES.md');
const CLOSED = 'Single standardized configuration format';
const ADDED = 'Rate limiting per sender';
const ANCHOR = '- [ ] Basic SMTP functionality working end-to-end';

/**
 * What people do while the app hears nothing (Probot no longer gets the fake's deliveries), and
 * the deliveries that caused, for the case to hand over in its own order.
 */
async function captured(h: FaultApp, act: () => void): Promise<WebhookDelivery[]> {
  h.stopReceiving();
  const start = h.fake.webhooks.deliveries.length;
  act();
  await h.fake.webhooks.idle();
  return h.fake.webhooks.deliveries.slice(start);
}

/**
 * Every delivery arrives twice with the same `X-GitHub-Delivery` id (GitHub's redelivery, or two
 * replicas behind one URL), both copies at once: an issue closed and a push adding a deliverable.
 * Each is handled once (the delivery dedupe), so one sync each, one tick, one new issue.
 */
export const duplicatedDeliveries: FaultCase = {
  id: 'duplicated-deliveries',
  title: 'every delivery twice, same delivery id, at once',
  run: async (): Promise<FaultResult> => {
    const h = await startFaultApp({ files: { [PATH]: SEED } });
    try {
      const deliveries = await captured(h, () => {
        h.fake.human
          .as('carol')
          .closeIssue({ repo: FULL_NAME, number: h.issueByTitle(CLOSED).number });
        h.fake.human.as('erin').editFile({
          repo: FULL_NAME,
          path: PATH,
          content: h.fileText().replace(ANCHOR, `${ANCHOR}\n- [ ] ${ADDED}`),
        });
      });
      const stats = h.app.stats();
      const callsFrom = h.fake.calls.all().length;
      for (const delivery of deliveries) {
        await Promise.all([redeliver({ h, delivery }), redeliver({ h, delivery })]);
      }
      const after = h.app.stats();
      const writes = repoWritesSince({ fake: h.fake, from: callsFrom });
      const ticked = h.fileText().includes(`- [x] ${CLOSED}`);
      const added = deliverableIssues(h.fake).filter((i) => i.title === ADDED);
      const duplicates = after.ignored - stats.ignored;
      const runs = after.runs - stats.runs;
      const checks = [
        check({
          kind: 'outcome',
          name: 'each delivery id was handled once',
          ok: duplicates === deliveries.length && runs === deliveries.length,
          detail: `${deliveries.length * 2} deliveries received (${deliveries.map((d) => `${d.event}.${d.action ?? ''}`.replace(/\.$/, '')).join(', ')}, each twice): ${duplicates} answered as seen before, ${runs} sync run(s)`,
        }),
        check({
          kind: 'duplicates',
          name: 'one tick commit, one issue for the added line',
          ok: writes.filter((w) => w === PUT).length === 1 && added.length === 1 && ticked,
          detail: `${writes.filter((w) => w === PUT).length} contents PUT(s); ${added.length} issue(s) for “${ADDED}”; “${CLOSED}” ${ticked ? 'ticked' : 'NOT ticked'}`,
        }),
        ...invariantChecks({ h }),
        await secondSyncCheck(h),
      ];
      return {
        injected: `${deliveries.length} deliveries (an issue closed, a push adding a deliverable), each sent twice at once under one delivery id`,
        did: `answered ${duplicates} copies as seen before and ran ${runs} syncs: ${writes.length} write(s) (${summarizeRoutes(writes)})`,
        checks,
        calls: h.fake.calls.all().length - callsFrom,
        facts: { deliveries: deliveries.length, duplicates, runs },
      };
    } finally {
      await h.stop();
    }
  },
};

const REOPENED = 'Production-ready authentication system (no mocks)';

/**
 * Deliveries in reverse order: one issue closed then reopened (it ends open), another closed,
 * reopened and closed again (it ends closed); the app gets the deliveries last first, each
 * synced on its own. Syncs read GitHub's state, not the event, so the file ends as GitHub is:
 * the first line unticked, the second ticked, whatever the order.
 */
export const reorderedDeliveries: FaultCase = {
  id: 'reordered-deliveries',
  title: 'issues.closed / issues.reopened delivered in reverse order',
  run: async (): Promise<FaultResult> => {
    const h = await startFaultApp({ files: { [PATH]: SEED } });
    try {
      const a = h.issueByTitle(REOPENED);
      const b = h.issueByTitle(CLOSED);
      const human = h.fake.human.as('carol');
      const deliveries = await captured(h, () => {
        human.closeIssue({ repo: FULL_NAME, number: a.number });
        human.closeIssue({ repo: FULL_NAME, number: b.number });
        human.reopenIssue({ repo: FULL_NAME, number: a.number });
        human.reopenIssue({ repo: FULL_NAME, number: b.number });
        human.closeIssue({ repo: FULL_NAME, number: b.number });
      });
      const order = [...deliveries].reverse();
      const callsFrom = h.fake.calls.all().length;
      const runs = h.app.stats().runs;
      for (const delivery of order) await redeliver({ h, delivery });
      const text = h.fileText();
      const aLine = text.split('\n').find((l) => l.includes(REOPENED)) ?? '';
      const bLine = text.split('\n').find((l) => l.includes(CLOSED)) ?? '';
      const writes = repoWritesSince({ fake: h.fake, from: callsFrom });
      const stateA = h.issueByTitle(REOPENED).state;
      const stateB = h.issueByTitle(CLOSED).state;
      const describe = (d: WebhookDelivery) =>
        `${d.action ?? ''} #${(d.payload.issue as { number: number }).number}`;
      const checks = [
        check({
          kind: 'outcome',
          name: 'every delivery ran a sync',
          ok: h.app.stats().runs - runs === order.length,
          detail: `${h.app.stats().runs - runs} sync run(s) for ${order.length} deliveries: ${order.map(describe).join(', ')}`,
        }),
        check({
          kind: 'lost',
          name: 'the file follows GitHub’s final state, not the last event',
          ok:
            stateA === 'open' &&
            stateB === 'closed' &&
            aLine.startsWith('- [ ]') &&
            bLine.startsWith('- [x]') &&
            writes.filter((w) => w === PUT).length === 1,
          detail: `#${a.number} ${stateA}: “${aLine}”; #${b.number} ${stateB}: “${bLine}”; ${writes.filter((w) => w === PUT).length} contents PUT(s)`,
        }),
        ...invariantChecks({ h }),
        await secondSyncCheck(h),
      ];
      return {
        injected: `${order.length} issue deliveries handed over last first: ${order.map(describe).join(', ')}`,
        did: `synced ${order.length}× reading GitHub's state each time: ${writes.length} write(s) (${summarizeRoutes(writes)}), #${b.number} (closed) ticked in one commit, #${a.number} (reopened) left unticked`,
        checks,
        calls: h.fake.calls.all().length - callsFrom,
        facts: { deliveries: order.length, puts: writes.filter((w) => w === PUT).length },
      };
    } finally {
      await h.stop();
    }
  },
};

/** `PUT …/contents/{path} ×1, PATCH …/issues/{issue_number} ×2`. */
function summarizeRoutes(routes: string[]): string {
  const counts = new Map<string, number>();
  for (const route of routes) {
    const short = route.replace('/repos/{owner}/{repo}', '…');
    counts.set(short, (counts.get(short) ?? 0) + 1);
  }
  return [...counts].map(([route, n]) => `${route} ×${n}`).join(', ');
}
