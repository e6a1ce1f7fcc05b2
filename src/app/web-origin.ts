/**
 * The web origin of a GitHub `html_url` (`https://github.com`, or a GitHub Enterprise Server's
 * own), for permalinks in issue bodies; null when there is none or it is not a URL.
 */
export function webOriginOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
