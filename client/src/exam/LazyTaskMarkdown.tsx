import { useTranslation } from 'react-i18next';
import { lazyComponent } from '../components/lazyComponent.tsx';
import type { MarkdownProps } from './TaskMarkdown.tsx';

function Loading() {
  const { t } = useTranslation();
  return <p role="status">{t('app.loading')}</p>;
}

// marked (about 13 kB gzipped) loads with the first skills task, or the first theory text that has
// Markdown in it (BankText): plain theory items never need it.
export const TaskMarkdown = lazyComponent<MarkdownProps>(() => import('./TaskMarkdown.tsx').then((m) => m.TaskMarkdown), () => <Loading />);
