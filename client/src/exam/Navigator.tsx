import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { CandidateItem } from '@shared/events.ts';
import { isItemAnswered, type AnswerMap, type ScreenshotCounts } from './answers.ts';
import classes from './exam.module.css';

interface Props {
  items: readonly CandidateItem[];
  answers: AnswerMap;
  /** A practical task with screenshots is answered even without notes. */
  screenshots: ScreenshotCounts;
  current: number;
  onSelect: (index: number) => void;
}

/** Memoised: it only changes when an answer or the current item does, not on every countdown tick. */
export const Navigator = memo(function Navigator({ items, answers, screenshots, current, onSelect }: Props) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('exam.navigator')} className={classes.navigator}>
      <h2 className={classes.navTitle}>{t('exam.navigator')}</h2>
      <div className={classes.navGrid}>
        {items.map((item, index) => {
          const answer = answers.get(item.id);
          const state = isItemAnswered(item, answer, screenshots) ? 'answered' : 'unanswered';
          const flagged = answer?.flagged ?? false;
          const asked = item.type === 'practical' ? (item.skills?.screenshots ?? 0) : 0;
          const held = screenshots.get(item.id) ?? 0;
          const label =
            t('exam.navItemLabel', { number: item.number, state: t(state === 'answered' ? 'exam.legendAnswered' : 'exam.legendUnanswered') }) +
            (flagged ? t('exam.navItemFlagged') : '') +
            (item.type === 'practical' ? t('examDay.screenshots.navSuffix', { text: asked > 0 ? t('examDay.screenshots.held', { held, asked }) : t('examDay.screenshots.heldNoAsk', { held }) }) : '');
          return (
            <button
              key={item.id}
              type="button"
              className={classes.navItem}
              data-testid={`nav-item-${item.number}`}
              data-state={state}
              data-flagged={flagged ? 'true' : 'false'}
              data-screenshots={item.type === 'practical' ? `${held}/${asked}` : undefined}
              aria-current={index === current ? 'step' : undefined}
              aria-label={label}
              title={label}
              onClick={() => onSelect(index)}
            >
              {item.number}
            </button>
          );
        })}
      </div>
      <ul className={classes.legend} data-testid="nav-legend">
        <li>
          <span className={classes.navItem} data-state="answered" aria-hidden="true" /> {t('exam.legendAnswered')}
        </li>
        <li>
          <span className={classes.navItem} data-state="unanswered" aria-hidden="true" /> {t('exam.legendUnanswered')}
        </li>
        <li>
          <span className={classes.navItem} data-state="unanswered" data-flagged="true" aria-hidden="true" /> {t('exam.legendFlagged')}
        </li>
        <li>
          <span className={classes.navItem} data-state="unanswered" aria-current="step" aria-hidden="true" /> {t('exam.legendCurrent')}
        </li>
      </ul>
    </nav>
  );
});
