import { useTranslation } from 'react-i18next';
import classes from './exam.module.css';

interface Props {
  flagged: boolean;
  hasPrevious: boolean;
  hasNext: boolean;
  onToggleFlag: () => void;
  onPrevious: () => void;
  onNext: () => void;
}

export function ItemControls({ flagged, hasPrevious, hasNext, onToggleFlag, onPrevious, onNext }: Props) {
  const { t } = useTranslation();
  return (
    <div className={classes.controls}>
      <button type="button" className={classes.button} onClick={onPrevious} disabled={!hasPrevious} data-testid="prev-item">
        {t('exam.previous')}
      </button>
      <button
        type="button"
        className={classes.button}
        aria-pressed={flagged}
        data-flagged={flagged ? 'true' : 'false'}
        onClick={onToggleFlag}
        data-testid="flag-toggle"
      >
        {flagged ? t('exam.flagged') : t('exam.flag')}
      </button>
      <button type="button" className={classes.button} onClick={onNext} disabled={!hasNext} data-testid="next-item">
        {t('exam.next')}
      </button>
    </div>
  );
}
