import { useMemo } from 'react';
import { markdownElements } from './markdown/elements.tsx';
import classes from './skills.module.css';

/**
 * Task instructions from the bank's Markdown. Rendered as elements, never as an HTML string, so
 * bank content can never run script (see markdown/elements.tsx); no sanitiser needed.
 */
export function TaskMarkdown({ markdown, mediaBase }: { markdown: string; mediaBase: string }) {
  const elements = useMemo(() => markdownElements(markdown, mediaBase), [markdown, mediaBase]);
  return (
    <div className={classes.markdown} data-testid="task-markdown">
      {elements}
    </div>
  );
}
