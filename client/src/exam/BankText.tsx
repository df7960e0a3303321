import { lazyComponent } from '../components/lazyComponent.tsx';
import type { MarkdownProps } from './TaskMarkdown.tsx';

/** The text as authored: for text without Markdown, and meanwhile for text with it. */
const AsText = ({ markdown, inline, testId }: MarkdownProps) => (inline ? <span data-testid={testId}>{markdown}</span> : <div data-testid={testId}>{markdown}</div>);

// Until the renderer has loaded, the text shows as it is, so a theory item never flashes a spinner.
export const BankMarkdown = lazyComponent<MarkdownProps>(() => import('./TaskMarkdown.tsx').then((m) => m.TaskMarkdown), AsText);

/**
 * Characters that can make Markdown differ from its plain text: emphasis, code, links and images,
 * escapes, headings, quotes, tables, raw HTML, character references, lists at a line's start.
 */
const MARKDOWN = /[\\`*_[\]#>|<&~]|^\s*(?:[-+]\s|\d+[.)]\s)|\n\s*\n/m;

/**
 * A theory item's stem or option, as authored in the bank: Markdown rendered by the same element
 * renderer as skills tasks (no raw HTML, bank images through the candidate route). Text without
 * Markdown syntax, most items, renders as text: the exam page then never loads marked.
 */
export function BankText(props: MarkdownProps) {
  return MARKDOWN.test(props.markdown) ? <BankMarkdown {...props} /> : <AsText {...props} />;
}

export const hasMarkdown = (text: string) => MARKDOWN.test(text);
