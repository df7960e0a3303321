import { useTranslation } from 'react-i18next';
import { lazyComponent } from '../components/lazyComponent.tsx';

function Loading() {
  const { t } = useTranslation();
  return <p role="status">{t('app.loading')}</p>;
}

// marked (about 13 kB gzipped) loads with the first skills task: a theory part never needs it.
export const TaskMarkdown = lazyComponent<{ markdown: string; mediaBase: string }>(() => import('./TaskMarkdown.tsx').then((m) => m.TaskMarkdown), () => <Loading />);
