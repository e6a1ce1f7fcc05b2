import { describe, expect, it } from 'vitest';
import type { RequestError } from '@octokit/request-error';
import {
  FakeGitHubSchemaError,
  validateResponseBody,
  validateWebhookPayload,
} from '../src/index.js';
import { NAME, OWNER, REPO, setupFake } from './fake-helpers.js';

const repo = { owner: OWNER, repo: NAME };

describe('OpenAPI validation', () => {
  it('answers a malformed request body with 422 like GitHub and records the violation', async () => {
    const fake = setupFake();
    const octokit = fake.octokit();
    const error = (await octokit
      .request('POST /repos/{owner}/{repo}/issues', {
        ...repo,
        body: 'no title',
        labels: 'not-an-array',
      } as never)
      .catch((e: unknown) => e)) as RequestError;
    expect(error.status).toBe(422);
    expect((error.response?.data as { message: string }).message).toBe(
      'Invalid request.\n\n"title" wasn\'t supplied.',
    );
    expect(fake.violations).toEqual([
      {
        kind: 'request',
        route: 'POST /repos/{owner}/{repo}/issues',
        status: 422,
        message: '"title" wasn\'t supplied.',
      },
    ]);
    expect(fake.repo(REPO).issues.size).toBe(0);
    expect(() => fake.assertNoViolations()).toThrow(/1 schema violation/);
  });

  it('rejects a wrongly typed field and an out-of-enum value', async () => {
    const fake = setupFake();
    const octokit = fake.octokit();
    fake.human.createIssue({ repo: REPO, title: 'x' });
    const wrongState = (await octokit
      .request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
        ...repo,
        issue_number: 1,
        state: 'done',
      } as never)
      .catch((e: unknown) => e)) as RequestError;
    expect(wrongState.status).toBe(422);
    expect((wrongState.response?.data as { message: string }).message).toContain(
      'For \'properties/state\', "done"',
    );
    const wrongType = (await octokit
      .request('POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues', {
        ...repo,
        issue_number: 1,
        sub_issue_id: 'abc',
      } as never)
      .catch((e: unknown) => e)) as RequestError;
    expect(wrongType.status).toBe(422);
    expect((wrongType.response?.data as { message: string }).message).toBe(
      'Invalid request.\n\nFor \'properties/sub_issue_id\', "abc" is not integer.',
    );
  });

  it("throws a clear error when the fake's own response breaks the schema", async () => {
    const fake = setupFake();
    const milestone = fake.human.createMilestone({ repo: REPO, title: 'M1' });
    (milestone as { state: string }).state = 'archived'; // corrupt state behind the fake's back
    const error = (await fake
      .octokit()
      .rest.issues.getMilestone({ ...repo, milestone_number: milestone.number })
      .catch((e: unknown) => e)) as RequestError;
    expect(error.cause).toBeInstanceOf(FakeGitHubSchemaError);
    expect(error.message).toMatch(
      /fake-github produced an invalid GET \/repos\/\{owner\}\/\{repo\}\/milestones\/\{milestone_number\} 200 response/,
    );
    expect(fake.violations[0]?.kind).toBe('response');
  });

  it('checks responses against the documented status schema', () => {
    const ok = validateResponseBody({
      method: 'GET',
      template: '/rate_limit',
      status: 200,
      body: { resources: {} },
    });
    expect(ok.valid).toBe(false);
    expect(ok.message).toContain("must have required property 'rate'");
    const undocumented = validateResponseBody({
      method: 'GET',
      template: '/rate_limit',
      status: 502,
      body: {},
    });
    expect(undocumented.valid).toBe(true);
  });

  it('validates webhook payloads against @octokit/openapi-webhooks', () => {
    const bad = validateWebhookPayload({
      event: 'issues',
      payload: { action: 'opened', issue: {} },
    });
    expect(bad.valid).toBe(false);
    const unknown = validateWebhookPayload({ event: 'issues', payload: { action: 'exploded' } });
    expect(unknown.message).toBe('no webhook "issues-exploded" in @octokit/openapi-webhooks');
  });
});
