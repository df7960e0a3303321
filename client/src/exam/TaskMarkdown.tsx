import { useMemo } from 'react';
import DOMPurify from 'dompurify';
import { Marked, type Tokens } from 'marked';
import classes from './skills.module.css';

/**
 * Task instructions: Markdown to HTML, then DOMPurify, so bank content can never run script.
 * Bank images are `media:<name>` references, served by an authorised route under `mediaBase`;
 * every other URL scheme except inline raster data is dropped by the sanitiser.
 */
export function renderTaskMarkdown(markdown: string, mediaBase: string): string {
  const marked = new Marked({
    gfm: true,
    renderer: {
      image(token: Tokens.Image) {
        if (!token.href.startsWith('media:')) return false;
        const src = `${mediaBase}/${encodeURIComponent(token.href.slice(6))}`;
        return `<img src="${src}" alt="${escapeHtml(token.text)}">`;
      },
    },
  });
  const html = marked.parse(markdown, { async: false });
  return DOMPurify.sanitize(html, {
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed'],
    FORBID_ATTR: ['style'],
    ALLOWED_URI_REGEXP: /^(?:https?:|data:image\/(?:png|jpeg|gif|webp);|\/api\/candidate\/|#)/i,
  });
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function TaskMarkdown({ markdown, mediaBase }: { markdown: string; mediaBase: string }) {
  const html = useMemo(() => renderTaskMarkdown(markdown, mediaBase), [markdown, mediaBase]);
  // Sanitised just above; this is the one place the exam renders HTML.
  return <div className={classes.markdown} data-testid="task-markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}
