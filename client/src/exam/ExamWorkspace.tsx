import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionView } from '@shared/events.ts';
import { answerSheet, type ScreenshotCounts } from './answers.ts';
import { BankMarkdown, hasMarkdown } from './BankText.tsx';
import { ConnectionBanner, ProctorNotices, TimeWarning } from './ExamNotices.tsx';
import { Countdown } from './Countdown.tsx';
import { DisplaySettingsMenu } from './DisplaySettingsMenu.tsx';
import { EndTimes } from './EndTimes.tsx';
import type { ExamController, ExamSnapshot } from './examController.ts';
import { ItemControls } from './ItemControls.tsx';
import { OfflineJournal } from './LateSyncNotices.tsx';
import { ItemView } from './ItemView.tsx';
import { TaskMarkdown } from './LazyTaskMarkdown.tsx';
import { EvidenceStore } from './evidenceStore.ts';
import { SkillsItemView } from './SkillsItemView.tsx';
import { Navigator } from './Navigator.tsx';
import { PausedCover, ProctorAnnouncer, ProctorMessageDialog, SignalWarningBanner } from './ProctorOverlays.tsx';
import { SaveStatus } from './SaveStatus.tsx';
import { SubmitDialog } from './SubmitDialog.tsx';
import { useExamKeys } from './useExamKeys.ts';
import { useIntegritySignals } from './useIntegritySignals.ts';
import classes from './exam.module.css';

const NO_SCREENSHOTS: ScreenshotCounts = new Map();
const noStore = () => () => {};

/** Screenshots the server holds per task, from the session's evidence store. */
function useScreenshotCounts(evidence: EvidenceStore | null): ScreenshotCounts {
  const snapshot = useSyncExternalStore(evidence?.subscribe ?? noStore, () => evidence?.getSnapshot() ?? null);
  return useMemo(() => {
    if (!snapshot) return NO_SCREENSHOTS;
    const counts = new Map<number, number>();
    for (const s of snapshot.saved) counts.set(s.itemId, (counts.get(s.itemId) ?? 0) + 1);
    return counts;
  }, [snapshot?.saved]);
}

/**
 * The Markdown renderer is a chunk of its own, loaded when first needed. Asked for as soon as the
 * paper is here, while the page is online: an item first opened after the room's network dropped
 * still shows its text as authored, and nothing is fetched in the middle of a render.
 */
function usePreloadedMarkdown(items: SessionView['items']) {
  useEffect(() => {
    if (items.some((i) => i.skills)) void TaskMarkdown.preload();
    if (items.some((i) => !i.skills && (hasMarkdown(i.stem) || i.options.some((o) => hasMarkdown(o.text))))) void BankMarkdown.preload();
  }, [items]);
}

interface Props {
  controller: ExamController;
  snapshot: ExamSnapshot;
  view: SessionView;
}

export function ExamWorkspace({ controller, snapshot, view }: Props) {
  const { t } = useTranslation();
  const { items } = view;
  const { answers } = snapshot;
  const [index, setIndex] = useState(0);
  const [submitOpen, setSubmitOpen] = useState(false);
  const itemRef = useRef<HTMLElement>(null);

  const current = Math.min(index, Math.max(items.length - 1, 0));
  const item = items[current];
  const answer = item ? answers.get(item.id) : undefined;

  usePreloadedMarkdown(items);
  const go = useCallback((to: number) => setIndex(Math.max(0, Math.min(items.length - 1, to))), [items.length]);

  useEffect(() => {
    // The focused option unmounts with its item; land on the new item instead of <body>.
    if (document.activeElement === document.body || document.activeElement === null) itemRef.current?.focus({ preventScroll: true });
  }, [current]);

  const choose = useCallback((choices: string[]) => item && controller.setChoices(item.id, choices), [controller, item]);
  const setText = useCallback((itemId: number, text: string) => controller.setText(itemId, text), [controller]);

  // Screenshot uploads outlive the task on screen: one store per session, kept while the page lives.
  const [evidence, setEvidence] = useState<EvidenceStore | null>(null);
  const limits = view.screenshotLimits;
  useEffect(() => {
    if (!limits) return;
    const store = new EvidenceStore(view.sessionId, view.screenshots ?? [], limits);
    setEvidence(store);
    return () => store.dispose();
    // A new view of the same session (after a reconnect) only refreshes the saved list, below.
  }, [view.sessionId, limits === undefined]);
  useEffect(() => {
    if (evidence && view.screenshots) evidence.adoptSaved(view.screenshots);
  }, [evidence, view.screenshots]);

  const paused = snapshot.pausedAt !== null;
  useIntegritySignals(controller, !paused, snapshot.rules.textPaste);
  const screenshots = useScreenshotCounts(evidence);

  useExamKeys(!submitOpen && !paused, {
    next: () => go(current + 1),
    previous: () => go(current - 1),
    option: (position) => {
      const option = item?.options[position];
      if (!item || !option) return;
      const chosen = answer?.choices ?? [];
      if (item.type !== 'multi') return choose([option.id]);
      const on = !chosen.includes(option.id);
      choose(item.options.filter((o) => (o.id === option.id ? on : chosen.includes(o.id))).map((o) => o.id));
    },
  });

  const sheet = useMemo(() => (submitOpen ? answerSheet(items, answers, screenshots) : null), [submitOpen, items, answers, screenshots]);
  const goToNumber = (number: number) => {
    setSubmitOpen(false);
    go(items.findIndex((i) => i.number === number));
  };

  return (
    <div className={classes.page}>
      <div className={classes.toolbar}>
        <h1 className={classes.title}>{view.title}</h1>
        <Countdown deadline={snapshot.deadline} offset={snapshot.offset} pausedAt={snapshot.pausedAt} />
        <EndTimes view={view} deadline={snapshot.deadline} />
        <SaveStatus state={snapshot.saveState} />
        <DisplaySettingsMenu />
        <button type="button" className={classes.submit} onClick={() => setSubmitOpen(true)} data-testid="submit-button">
          {t('exam.submit')}
        </button>
      </div>
      <ProctorAnnouncer snapshot={snapshot} />
      <ConnectionBanner connected={snapshot.connected} />
      <OfflineJournal controller={controller} snapshot={snapshot} />
      <TimeWarning deadline={snapshot.deadline} offset={snapshot.offset} pausedAt={snapshot.pausedAt} />
      <ProctorNotices controller={controller} snapshot={snapshot} />
      <SignalWarningBanner controller={controller} snapshot={snapshot} />
      <div className={classes.body}>
        <div className={classes.main}>
          {item &&
            (item.skills ? (
              <SkillsItemView key={item.id} ref={itemRef} item={item} answer={answer} onText={(text) => setText(item.id, text)} evidence={evidence} sessionId={view.sessionId} />
            ) : (
              <ItemView key={item.id} ref={itemRef} item={item} answer={answer} onChoose={choose} media={`/api/candidate/sessions/${view.sessionId}/items/${item.id}/media`} />
            ))}
          {item && (
            <ItemControls
              flagged={answer?.flagged ?? false}
              hasPrevious={current > 0}
              hasNext={current < items.length - 1}
              onToggleFlag={() => controller.setFlagged(item.id, !(answer?.flagged ?? false))}
              onPrevious={() => go(current - 1)}
              onNext={() => go(current + 1)}
            />
          )}
          <p className={classes.hint}>{t('exam.keyboardHint')}</p>
        </div>
        <Navigator items={items} answers={answers} screenshots={screenshots} current={current} onSelect={go} />
      </div>
      <SubmitDialog
        opened={submitOpen}
        sheet={sheet}
        onGoTo={goToNumber}
        connected={snapshot.connected}
        onClose={() => setSubmitOpen(false)}
        onConfirm={() => controller.submit()}
      />
      <ProctorMessageDialog controller={controller} snapshot={snapshot} />
      {paused && <PausedCover reason={snapshot.pauseReason} auto={snapshot.pauseAuto} />}
    </div>
  );
}
