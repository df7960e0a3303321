import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { CandidateItem } from '@shared/events.ts';
import type { LocalAnswer } from './answers.ts';
import { BankText } from './BankText.tsx';
import type { MediaUrl } from './markdown/elements.tsx';
import classes from './exam.module.css';

interface Props {
  item: CandidateItem;
  answer: LocalAnswer | undefined;
  onChoose: (choices: string[]) => void;
  /** Where the item's bank images come from (the candidate route, or the admin's copy); none: their text shows. */
  media?: string | MediaUrl;
  ref?: Ref<HTMLElement>;
}

const noMedia: MediaUrl = () => undefined;

/** Native inputs on purpose: light on old lab computers and keyboard-accessible for free. */
export function ItemView({ item, answer, onChoose, media = noMedia, ref }: Props) {
  const chosen = answer?.choices ?? [];
  const multi = item.type === 'multi';
  const headingId = `item-heading-${item.id}`;
  const stemId = `item-stem-${item.id}`;

  const toggle = (optionId: string, checked: boolean) => {
    if (!multi) return onChoose([optionId]);
    // Keep display order so the same selection always serialises the same way.
    onChoose(item.options.filter((o) => (o.id === optionId ? checked : chosen.includes(o.id))).map((o) => o.id));
  };

  return (
    // Named by number, type and points together: a screen reader announces all three on entering the item.
    <section ref={ref} tabIndex={-1} className={classes.item} data-testid={`item-${item.number}`} aria-labelledby={`${headingId} ${headingId}-type ${headingId}-points`}>
      <ItemHeader item={item} headingId={headingId} />
      {/* The bank author's text (often with commands and paths), not the UI's: translate="no". */}
      <div id={stemId} className={classes.stem} translate="no">
        <BankText markdown={item.stem} mediaBase={media} testId="item-stem" />
      </div>
      <fieldset className={classes.options} aria-labelledby={stemId} role={multi ? 'group' : 'radiogroup'}>
        {item.options.map((option) => {
          const checked = chosen.includes(option.id);
          return (
            <label key={option.id} className={classes.option} data-checked={checked || undefined}>
              <input
                type={multi ? 'checkbox' : 'radio'}
                name={`item-${item.id}`}
                value={option.id}
                checked={checked}
                onChange={(e) => toggle(option.id, e.currentTarget.checked)}
                data-testid={`option-${option.label}`}
              />
              <span className={classes.optionLabel}>{option.label}</span>
              <span className={classes.optionText} translate="no">
                <BankText markdown={option.text} mediaBase={media} inline />
              </span>
            </label>
          );
        })}
      </fieldset>
    </section>
  );
}

/** Number, type and points of an item: the same heading for theory and skills items. */
export function ItemHeader({ item, headingId }: { item: Pick<CandidateItem, 'number' | 'type' | 'points'>; headingId: string }) {
  const { t } = useTranslation();
  return (
    <div className={classes.itemHeader}>
      <h2 id={headingId} className={classes.itemNumber}>
        {t('exam.question', { number: item.number })}
      </h2>
      <span id={`${headingId}-type`} className={classes.itemType}>
        {t(`itemTypes.${item.type}`)}
      </span>
      <span id={`${headingId}-points`} className={classes.itemPoints}>
        {t('exam.points', { points: item.points })}
      </span>
    </div>
  );
}
