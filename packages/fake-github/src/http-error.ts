/**
 * Errors shaped like GitHub's REST error bodies
 * (https://docs.github.com/rest/using-the-rest-api/troubleshooting-the-rest-api).
 * Handlers throw them; the request pipeline turns them into responses and
 * fills `documentation_url` from the operation's docs link when missing.
 */
export interface GitHubErrorBody {
  message: string;
  documentation_url?: string;
  status?: string;
  errors?: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

export class GitHubHttpError extends Error {
  readonly status: number;
  readonly body: GitHubErrorBody;
  readonly headers: Record<string, string>;

  constructor(params: { status: number; body: GitHubErrorBody; headers?: Record<string, string> }) {
    super(`${params.status} ${params.body.message}`);
    this.name = 'GitHubHttpError';
    this.status = params.status;
    this.body = { ...params.body, status: String(params.status) };
    this.headers = params.headers ?? {};
  }
}

export function notFound(): GitHubHttpError {
  return new GitHubHttpError({ status: 404, body: { message: 'Not Found' } });
}

/** 422 "Validation Failed" with GitHub's `errors[]` entries (`code`: missing_field, invalid, already_exists, custom). */
export function validationFailed(errors: Array<Record<string, unknown>>): GitHubHttpError {
  return new GitHubHttpError({ status: 422, body: { message: 'Validation Failed', errors } });
}

/** 422 "Invalid request." as GitHub sends for schema-level problems in a body. */
export function invalidRequest(detail: string): GitHubHttpError {
  return new GitHubHttpError({ status: 422, body: { message: `Invalid request.\n\n${detail}` } });
}

export function conflict(message: string): GitHubHttpError {
  return new GitHubHttpError({ status: 409, body: { message } });
}
