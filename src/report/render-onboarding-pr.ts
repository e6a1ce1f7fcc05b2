import type { PrPreview } from './render-pr-preview.js';
import { PREVIEW_BUDGET, renderPreviewSections } from './render-pr-preview.js';

/** Marks an onboarding pull request's description (for people and tools reading it). */
export const ONBOARDING_MARKER = '<!-- milestone-sync:onboarding -->';

/** The onboarding pull request's title. */
export const ONBOARDING_TITLE = 'Configure milestone-sync';

/** GitHub refuses pull-request bodies over 65,536 characters. */
export const GITHUB_BODY_LIMIT = 65_536;

/**
 * The onboarding pull request's description: what merging it turns on, the preview of the first
 * sync (the dry run's counts, then its lists, milestone progress and diagnostics folded in
 * `<details>`, rendered as the pull-request preview comment renders them), and how to change or
 * decline it. Pure and deterministic (no commit sha or time in it, so an unchanged preview gives
 * an unchanged body); always under PREVIEW_BUDGET plus a few hundred characters of frame, far
 * under GitHub's 65,536, whatever the plan's size.
 */
export function renderOnboardingPr(params: {
  /** The dry run of the first sync, as for a pull-request preview. */
  preview: Extract<PrPreview, { kind: 'preview' }>;
  /** The config file the pull request adds. */
  configPath: string;
  /** Where the plan's path came from: the owner's config (`config`) or the default names. */
  planSource: 'config' | 'default';
  /** The owner's login when the settings came from the owner's `.github` repository. */
  extendsOwner: string | null;
}): string {
  const { preview, configPath } = params;
  const path = code(preview.report.path);
  const found =
    params.planSource === 'config'
      ? `${path} (the \`path\` of ${escape(params.extendsOwner ?? 'the owner')}'s .github repository)`
      : `${path} (found on the default branch)`;
  const { headline, details } = renderPreviewSections({ preview, budget: PREVIEW_BUDGET });
  const out = [
    ONBOARDING_MARKER,
    `## milestone-sync is ready to sync ${path}`,
    '',
    `Merging this pull request adds ${code(configPath)} and turns milestone-sync on for this repository: the plan file ${found} and the repository's milestones and issues are then kept in step, both ways. Until then milestone-sync writes nothing here: no milestone, issue or label.`,
    '',
    '### What the first sync would do',
    '',
    headline,
  ];
  if (details !== '') {
    out.push(
      '',
      '<details><summary>The first sync in detail</summary>',
      '',
      details,
      '',
      '</details>',
    );
  }
  out.push(
    '',
    '### Before merging',
    '',
    `- ${code(configPath)} sets \`path\` and lists every other key commented out at its default, with what it does: edit it in this pull request to change them.`,
  );
  if (params.extendsOwner !== null) {
    out.push(
      `- It keeps the settings of ${escape(params.extendsOwner)}'s .github repository (\`_extends: .github\`); a repository's own file replaces them otherwise.`,
    );
  }
  out.push(
    '- Not now? Close this pull request: milestone-sync will not open it again. Adding the file yourself later turns the sync on.',
    '',
    "<sub>A dry run of the plan on the default branch against the repository's milestones and issues as they were when milestone-sync was installed, with the settings in effect now. Nothing was written.</sub>",
  );
  return `${out.join('\n')}\n`;
}

/** An inline code span that survives backticks in the text. */
function code(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

/** A login in prose: no HTML, no mention. */
function escape(text: string): string {
  return text.replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/@/g, '@\u200b');
}
