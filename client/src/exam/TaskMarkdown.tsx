import { useMemo } from 'react';
import { markdownElements, type MediaUrl } from './markdown/elements.tsx';
import { markdownExcerpt } from './markdown/excerpt.ts';
import classes from './skills.module.css';

export type MarkdownProps = {
  markdown: string;
  /** The route bank images are served under, or a function naming each image's URL. */
  mediaBase: string | MediaUrl;
  /** An option's text: a single paragraph renders inline. */
  inline?: boolean;
  testId?: string;
};

/**
 * Bank Markdown (task instructions, theory stems and options). Rendered as elements, never as an
 * HTML string, so bank content can never run script (see markdown/elements.tsx); no sanitiser needed.
 */
export function TaskMarkdown({ markdown, mediaBase, inline, testId = 'task-markdown' }: MarkdownProps) {
  const elements = useMemo(() => markdownElements(markdown, mediaBase, { inline }), [markdown, mediaBase, inline]);
  if (inline) return <span data-testid={testId}>{elements}</span>;
  return (
    <div className={classes.markdown} data-testid={testId}>
      {elements}
    </div>
  );
}

/**
 * The start of a stem as one line of text (see markdown/excerpt.ts). Here, beside the renderer, so
 * the staff lists that show it load marked in this chunk, not in one of their own.
 */
export function MarkdownExcerpt({ markdown, max, image }: { markdown: string; max: number; image: (alt: string) => string }) {
  return <>{markdownExcerpt(markdown, { max, image })}</>;
}
