import { DEFAULT_GITHUB_API_URL } from './create-octokit.js';
import { UsageError } from './usage-error.js';

/**
 * The REST API base URL from `GITHUB_API_URL` (default api.github.com; `https://HOST/api/v3` for
 * GitHub Enterprise Server), checked to be an http(s) URL, without a trailing slash.
 */
export function parseApiUrl(value: string | undefined): string {
  const url = value?.trim() || DEFAULT_GITHUB_API_URL;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`GITHUB_API_URL is not a URL: "${url}"`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new UsageError(`GITHUB_API_URL must be an http(s) URL, got "${url}"`);
  }
  return url.replace(/\/+$/, '');
}
