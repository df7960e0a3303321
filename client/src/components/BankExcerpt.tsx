import { useTranslation } from 'react-i18next';
import { lazyComponent } from './lazyComponent.tsx';

type Props = { markdown: string; max: number; image: (alt: string) => string };

// The excerpt reads Markdown with marked, which loads with the renderer's chunk; until then the
// source shows, cut to the same length.
const Excerpt = lazyComponent<Props>(
  () => import('../exam/TaskMarkdown.tsx').then((m) => m.MarkdownExcerpt),
  ({ markdown, max }) => {
    const line = markdown.replace(/\s+/g, ' ').trim();
    return line.length > max ? `${line.slice(0, max)}…` : line;
  },
);

/**
 * The start of a stem in a list, as text: Markdown read, images named (〔图：拓扑〕), cut to `max`.
 * The full stem, images included, is on the page the row opens (item drawer, script marker).
 */
export function BankExcerpt({ markdown, max = 80 }: { markdown: string; max?: number }) {
  const { t } = useTranslation();
  return <Excerpt markdown={markdown} max={max} image={(alt) => (alt ? t('bank.excerptImageNamed', { alt }) : t('bank.excerptImage'))} />;
}
