import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';

// marked (about 13 kB gzipped) loads with the first skills task: a theory part never needs it.
const Rendered = lazy(() => import('./TaskMarkdown.tsx').then((m) => ({ default: m.TaskMarkdown })));

export function TaskMarkdown(props: { markdown: string; mediaBase: string }) {
  const { t } = useTranslation();
  return (
    <Suspense fallback={<p role="status">{t('app.loading')}</p>}>
      <Rendered {...props} />
    </Suspense>
  );
}
