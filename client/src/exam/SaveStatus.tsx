import { useTranslation } from 'react-i18next';
import type { SaveState } from './examController.ts';
import classes from './exam.module.css';

export function SaveStatus({ state }: { state: SaveState }) {
  const { t } = useTranslation();
  return (
    <span role="status" aria-live="polite" className={classes.saveStatus} data-testid="save-status" data-state={state}>
      {t(`saveStatus.${state}`)}
    </span>
  );
}
