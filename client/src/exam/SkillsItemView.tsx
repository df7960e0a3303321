import { useEffect, useRef, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { CandidateItem } from '@shared/events.ts';
import type { LocalAnswer } from './answers.ts';
import { EvidencePanel } from './EvidencePanel.tsx';
import { ItemHeader } from './ItemView.tsx';
import type { EvidenceStore } from './evidenceStore.ts';
import { TaskMarkdown } from './LazyTaskMarkdown.tsx';
import classes from './exam.module.css';
import skills from './skills.module.css';

interface Props {
  item: CandidateItem;
  answer: LocalAnswer | undefined;
  onText: (text: string) => void;
  evidence: EvidenceStore | null;
  sessionId: number;
  ref?: Ref<HTMLElement>;
}

// Typing is saved after a short pause (and on leaving the field), not once per key.
const SAVE_AFTER_MS = 800;

/** A short answer or a practical task: instructions, the rubric's visible part, a text answer and, for tasks, screenshots. */
export function SkillsItemView({ item, answer, onText, evidence, sessionId, ref }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState(answer?.text ?? '');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef({ text, saved: answer?.text ?? '', onText });
  latest.current.text = text;
  latest.current.onText = onText;
  const headingId = `item-heading-${item.id}`;
  const practical = item.type === 'practical';

  const flush = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const { text: now, saved } = latest.current;
    if (now !== saved) {
      latest.current.saved = now;
      latest.current.onText(now);
    }
  };
  // Leaving the task (or the page unmounting it) saves what was typed.
  useEffect(() => flush, []);

  return (
    <section ref={ref} tabIndex={-1} className={classes.item} data-testid={`item-${item.number}`} aria-labelledby={`${headingId} ${headingId}-type ${headingId}-points`}>
      <ItemHeader item={item} headingId={headingId} />
      <TaskMarkdown markdown={item.stem} mediaBase={`/api/candidate/sessions/${sessionId}/items/${item.id}/media`} />
      {item.skills && item.skills.rubric.length > 0 && (
        <details className={skills.rubric} data-testid="rubric">
          <summary>{t('skills.rubric')}</summary>
          <ul>
            {item.skills.rubric.map((c) => (
              <li key={c.id}>
                <span>{c.text}</span> <span className={skills.muted}>{t('skills.rubricPoints', { points: c.points })}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
      <label className={skills.answerLabel}>
        <span>{practical ? t('skills.notesLabel') : t('skills.answerLabel')}</span>
        <textarea
          className={skills.answer}
          rows={practical ? 4 : 10}
          maxLength={20_000}
          value={text}
          placeholder={practical ? t('skills.notesPlaceholder') : t('skills.answerPlaceholder')}
          onChange={(e) => {
            setText(e.currentTarget.value);
            if (timer.current) clearTimeout(timer.current);
            timer.current = setTimeout(flush, SAVE_AFTER_MS);
          }}
          onBlur={flush}
          data-testid="text-answer"
        />
      </label>
      {practical && item.skills?.acceptsEvidence && evidence && <EvidencePanel store={evidence} itemId={item.id} asked={item.skills.screenshots} />}
    </section>
  );
}
