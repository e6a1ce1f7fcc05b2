import type { Item, Milestone } from '../plan/plan-types.js';
import type { Marker, RepoRef } from './sync-types.js';
import { encodeMarker, hashText } from './issue-marker.js';
import { isRewritableTitle } from './issue-title.js';

export interface FileLink {
  repo: RepoRef;
  path: string;
  /** Branch or commit the link points at. */
  ref: string;
  webUrl: string;
}

/** Link to a line of the plan file on GitHub: `https://github.com/o/r/blob/<ref>/<path>#L<line>`. */
function fileLineUrl(params: { link: FileLink; line: number }): string {
  const { link, line } = params;
  const path = link.path.split('/').map(encodeURIComponent).join('/');
  return `${link.webUrl}/${link.repo.owner}/${link.repo.repo}/blob/${encodeURIComponent(link.ref)}/${path}#L${line}`;
}

/**
 * The part of an issue body that comes from the file (description and context). Its hash is the
 * base for noticing that the file's text changed; the link line is not part of it, so edits
 * elsewhere in the file (which move line numbers) never rewrite issue bodies.
 */
function issueBodyContent(params: { item: Item; milestone: Milestone | null }): string {
  const { item, milestone } = params;
  const context = milestone ? [...milestone.context, milestone.title].join(' › ') : '';
  // A title cut to fit or stripped of links or emphasis: the body carries the line as written.
  const full = isRewritableTitle(item.title) ? '' : item.text;
  return cutBody(
    [full, item.description, context ? `**Plan:** ${context}` : '']
      .filter((s) => s !== '')
      .join('\n\n'),
  );
}

/**
 * GitHub refuses an issue body or milestone description over 65,536 characters
 * (https://docs.github.com/en/rest/issues/issues#create-an-issue, 422 "body is too long"). The
 * generated text is cut well below that, leaving room for the link line and the marker.
 */
const MAX_GENERATED_TEXT = 60_000;

function cutBody(text: string): string {
  if (text.length <= MAX_GENERATED_TEXT) return text;
  let end = MAX_GENERATED_TEXT - 100;
  if (/[\uDC00-\uDFFF]/.test(text[end] ?? '')) end--;
  return `${text.slice(0, end)}\n\n_… cut to fit GitHub's limit on issue bodies; the full text is in the plan._`;
}

export function renderIssueBody(params: {
  item: Item;
  milestone: Milestone | null;
  link: FileLink;
  marker: Marker;
}): string {
  const { item, link, marker } = params;
  const content = issueBodyContent(params);
  const source = `[${link.path} line ${item.line}](${fileLineUrl({ link, line: item.line })})`;
  return [
    content,
    `_Tracked in ${source} by milestone-sync: tick or rename it there or here, both stay in step._`,
    encodeMarker(marker),
  ]
    .filter((s) => s !== '')
    .join('\n\n');
}

export function issueBodyHash(params: { item: Item; milestone: Milestone | null }): string {
  return hashText(issueBodyContent(params));
}

function milestoneDescriptionContent(milestone: Milestone): string {
  return cutBody(milestone.description);
}

export function renderMilestoneDescription(params: {
  milestone: Milestone;
  link: FileLink;
  marker: Marker;
}): string {
  const { milestone, link, marker } = params;
  const source = `[${link.path} line ${milestone.line}](${fileLineUrl({ link, line: milestone.line })})`;
  return [milestoneDescriptionContent(milestone), `_Planned in ${source}._`, encodeMarker(marker)]
    .filter((s) => s !== '')
    .join('\n\n');
}

export function milestoneDescriptionHash(milestone: Milestone): string {
  return hashText(milestoneDescriptionContent(milestone));
}
