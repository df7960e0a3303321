import { useMemo } from 'react';
import DOMPurify from 'dompurify';
import { Marked, type Tokens } from 'marked';
import classes from './skills.module.css';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Bank images are `media:<name>` references; they are not served to candidates yet, so they show
 * as their alt text rather than a broken image. Other images (data: URLs) pass through the sanitiser.
 */
const marked = new Marked({
  gfm: true,
  renderer: {
    image(token: Tokens.Image) {
      if (!token.href.startsWith('media:')) return false;
      return `<span class="${classes.mediaMissing}">[${escapeHtml(token.text || token.href.slice(6))}]</span>`;
    },
  },
});

/** Task instructions: Markdown to HTML, then DOMPurify, so bank content can never run script. */
export function renderTaskMarkdown(markdown: string): string {
  const html = marked.parse(markdown, { async: false });
  return DOMPurify.sanitize(html, {
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed'],
    FORBID_ATTR: ['style'],
    ALLOWED_URI_REGEXP: /^(?:https?:|data:image\/(?:png|jpeg|gif|webp);|#)/i,
  });
}

export function TaskMarkdown({ markdown, id }: { markdown: string; id?: string }) {
  const html = useMemo(() => renderTaskMarkdown(markdown), [markdown]);
  // Sanitised just above; this is the one place the exam renders HTML.
  return <div id={id} className={classes.markdown} data-testid="task-markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}
