/**
 * Page-based pagination as the REST API does it
 * (https://docs.github.com/rest/using-the-rest-api/using-pagination-in-the-rest-api):
 * `per_page` defaults to 30 and is capped at 100, `page` starts at 1, and an
 * RFC 5988 `link` header lists `prev`/`next`/`last`/`first` when there is more
 * than one page (absent otherwise). Link URLs keep every other query
 * parameter, so `octokit.paginate` can follow them verbatim.
 */
export const DEFAULT_PER_PAGE = 30;
export const MAX_PER_PAGE = 100;

export interface PaginatedSlice<T> {
  items: T[];
  link: string | undefined;
}

function readInt(value: string | null, fallback: number): number {
  const parsed = value === null ? NaN : Number.parseInt(value, 10);
  return Number.isFinite(parsed) && parsed > 0 ? parsed : fallback;
}

export function paginateResponse<T>(params: { items: readonly T[]; url: URL }): PaginatedSlice<T> {
  const perPage = Math.min(
    readInt(params.url.searchParams.get('per_page'), DEFAULT_PER_PAGE),
    MAX_PER_PAGE,
  );
  const page = readInt(params.url.searchParams.get('page'), 1);
  const lastPage = Math.max(1, Math.ceil(params.items.length / perPage));
  const items = params.items.slice((page - 1) * perPage, page * perPage);
  if (lastPage === 1 && page === 1) return { items, link: undefined };
  const pageUrl = (target: number): string => {
    const url = new URL(params.url.toString());
    url.searchParams.set('per_page', String(perPage));
    url.searchParams.set('page', String(target));
    return url.toString();
  };
  const rels: string[] = [];
  if (page > 1) rels.push(`<${pageUrl(Math.min(page - 1, lastPage))}>; rel="prev"`);
  if (page < lastPage)
    rels.push(`<${pageUrl(page + 1)}>; rel="next"`, `<${pageUrl(lastPage)}>; rel="last"`);
  if (page > 1) rels.push(`<${pageUrl(1)}>; rel="first"`);
  return { items, link: rels.length > 0 ? rels.join(', ') : undefined };
}
