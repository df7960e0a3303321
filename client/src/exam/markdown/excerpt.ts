import { Lexer, type Token } from 'marked';
import { decodeReferences } from './text.ts';

/**
 * A line of bank Markdown as plain text, for lists that show a stem's start (the bank's item list,
 * the grader's and the staffing tasks): the same tokens the renderer reads, so `**bold**`, escapes
 * and table pipes do not show, and each image becomes the caller's marker (an image in a one-line
 * excerpt would be a thumbnail nobody can read). Cut to `max` characters.
 */
export function markdownExcerpt(markdown: string, options: { image: (alt: string) => string; max: number }): string {
  const parts: string[] = [];
  const walk = (tokens: Token[] | undefined) => {
    for (const token of tokens ?? []) {
      switch (token.type) {
        case 'image':
          parts.push(` ${options.image(decodeReferences(token.text).trim())} `);
          break;
        case 'text':
        case 'escape':
        case 'codespan':
        case 'code':
        case 'html':
          if ('tokens' in token && token.tokens?.length) walk(token.tokens);
          else parts.push(token.type === 'html' ? token.raw : decodeReferences(token.text));
          break;
        case 'table':
          for (const row of [token.header, ...token.rows]) for (const cell of row) walk([...cell.tokens, { type: 'space', raw: ' ' }]);
          break;
        case 'list':
          for (const item of token.items) walk([...item.tokens, { type: 'space', raw: ' ' }]);
          break;
        case 'space':
        case 'br':
        case 'hr':
          parts.push(' ');
          break;
        default:
          // Paragraphs, headings, quotes, emphasis, links: their content.
          if ('tokens' in token) walk(token.tokens);
          parts.push(token.type === 'paragraph' || token.type === 'heading' ? ' ' : '');
      }
    }
  };
  walk(Lexer.lex(markdown));
  const line = parts.join('').replace(/\s+/g, ' ').trim();
  return line.length > options.max ? `${line.slice(0, options.max)}…` : line;
}
