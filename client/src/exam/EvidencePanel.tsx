import { useEffect, useRef, useState, useSyncExternalStore, type ChangeEvent, type DragEvent } from 'react';
import { Modal } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { screenshotUrl } from '../api/evidence.ts';
import { useErrorText } from '../hooks/useErrorText.ts';
import { canCaptureScreen, captureScreenPng } from './capture.ts';
import { ACCEPTED_TYPES, type EvidenceStore, type LocalRefusal } from './evidenceStore.ts';
import classes from './skills.module.css';

interface Props {
  store: EvidenceStore;
  itemId: number;
  asked: number;
}

const imagesOf = (list: FileList | readonly File[] | null | undefined) => [...(list ?? [])].filter((f) => f.size > 0);

/** Evidence for one practical task: add (pick, drop, paste, capture), watch uploads, caption, open, replace, remove. */
export function EvidencePanel({ store, itemId, asked }: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const saved = snapshot.saved.filter((s) => s.itemId === itemId);
  const pending = snapshot.pending.filter((p) => p.itemId === itemId);
  const [messages, setMessages] = useState<string[]>([]);
  const [opened, setOpened] = useState<number | null>(null);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const replaceInput = useRef<HTMLInputElement>(null);
  const replacing = useRef<number | null>(null);
  const { perTask, maxBytes } = store.limits;

  const report = (refused: LocalRefusal[]) =>
    setMessages(refused.map((r) => t('skills.refused', { name: r.name || t('skills.evidence'), reason: t(`errors.${r.code}`) })));
  const add = (files: File[] | Blob[]) => {
    if (files.length > 0) report(store.add(itemId, files));
  };
  const fail = (err: unknown) => setMessages([errorText(err)]);

  useEffect(() => {
    // Ctrl+V after a system screenshot: only image data is taken, text paste is left alone.
    const onPaste = (e: ClipboardEvent) => {
      const files = imagesOf(e.clipboardData?.files).filter((f) => f.type.startsWith('image/'));
      if (files.length === 0) return;
      e.preventDefault();
      add(files);
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  });

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    add(imagesOf(e.dataTransfer.files));
  };
  const onPick = (e: ChangeEvent<HTMLInputElement>) => {
    add(imagesOf(e.currentTarget.files));
    e.currentTarget.value = '';
  };
  const onReplacePick = (e: ChangeEvent<HTMLInputElement>) => {
    const file = imagesOf(e.currentTarget.files)[0];
    const id = replacing.current;
    e.currentTarget.value = '';
    if (file && id !== null) store.replace(id, file).then(report, fail);
  };
  const capture = () => {
    captureScreenPng().then(
      (png) => add([png]),
      // The browser's own message is English ("Permission denied"): say what happened in the UI's words.
      (err: unknown) => setMessages([t(err instanceof DOMException && err.name === 'NotAllowedError' ? 'skills.captureDenied' : 'skills.captureFailed')]),
    );
  };
  const openShot = saved.find((s) => s.id === opened);

  return (
    <section className={classes.evidence} aria-label={t('skills.evidence')} data-testid="evidence-panel">
      <h3 className={classes.sectionTitle}>{t('skills.evidence')}</h3>
      <p className={classes.limits} data-testid="evidence-limits">
        {asked > 0 && <span>{t('skills.evidenceAsked', { count: asked })}。</span>}
        {t('skills.limits', { perTask, maxMb: Math.round((maxBytes / 1024 / 1024) * 10) / 10 })}
      </p>
      <div
        className={classes.dropZone}
        data-dragging={dragging || undefined}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="drop-zone"
      >
        <p>{t('skills.dropHere')}</p>
        <div className={classes.actions}>
          <button type="button" onClick={() => fileInput.current?.click()} data-testid="choose-files">
            {t('skills.chooseFiles')}
          </button>
          {canCaptureScreen() ? (
            <button type="button" onClick={capture} data-testid="capture-screen">
              {t('skills.capture')}
            </button>
          ) : (
            <span className={classes.muted}>{t('skills.captureUnsupported')}</span>
          )}
        </div>
        <input ref={fileInput} type="file" accept={ACCEPTED_TYPES.join(',')} multiple hidden onChange={onPick} data-testid="file-input" />
        <input ref={replaceInput} type="file" accept={ACCEPTED_TYPES.join(',')} hidden onChange={onReplacePick} />
      </div>
      <p className={classes.muted} data-testid="evidence-count" data-held={saved.length} data-asked={asked}>
        <strong>{asked > 0 ? t('examDay.screenshots.held', { held: saved.length, asked }) : t('examDay.screenshots.heldNoAsk', { held: saved.length })}</strong> · {t('skills.count', { count: saved.length, perTask })}
      </p>
      {messages.length > 0 && (
        <ul className={classes.messages} role="alert" data-testid="evidence-messages">
          {messages.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
      <ul className={classes.grid}>
        {saved.map((shot, i) => (
          <li key={shot.id} className={classes.card} data-testid="screenshot-saved" data-screenshot-id={shot.id}>
            <button type="button" className={classes.thumbButton} onClick={() => setOpened(shot.id)} title={t('skills.open')}>
              <img className={classes.thumb} src={screenshotUrl(shot.id)} alt={shot.caption ?? t('skills.screenshotAlt', { n: i + 1 })} loading="lazy" data-testid="screenshot-thumb" />
            </button>
            <span className={classes.savedBadge}>
              {t('skills.saved')} · {shot.width}×{shot.height}
            </span>
            <CaptionField initial={shot.caption ?? ''} onSave={(c) => store.setCaption(shot.id, c).catch(fail)} />
            <div className={classes.actions}>
              <button
                type="button"
                onClick={() => {
                  replacing.current = shot.id;
                  replaceInput.current?.click();
                }}
              >
                {t('skills.replace')}
              </button>
              <button type="button" onClick={() => window.confirm(t('skills.removeConfirm')) && store.remove(shot.id).catch(fail)} data-testid="screenshot-remove">
                {t('skills.remove')}
              </button>
            </div>
          </li>
        ))}
        {pending.map((p) => (
          <li key={p.key} className={classes.card} data-testid="screenshot-pending" data-status={p.status}>
            <img className={classes.thumb} src={p.previewUrl} alt="" />
            {p.status === 'uploading' && (
              <>
                <progress className={classes.progress} max={1} value={p.progress} />
                <span className={classes.muted}>{t('skills.uploading', { percent: Math.round(p.progress * 100) })}</span>
              </>
            )}
            {p.status === 'waiting' && <span className={classes.muted}>{t('skills.waiting')}</span>}
            {p.status === 'failed' && (
              <>
                <span className={classes.failed}>
                  {t('skills.failed')}
                  {p.error ? `：${errorText(p.error)}` : ''}
                </span>
                <div className={classes.actions}>
                  <button type="button" onClick={() => store.retry(p.key)}>
                    {t('skills.retry')}
                  </button>
                  <button type="button" onClick={() => store.discard(p.key)}>
                    {t('skills.discard')}
                  </button>
                </div>
              </>
            )}
          </li>
        ))}
      </ul>
      <Modal opened={openShot !== undefined} onClose={() => setOpened(null)} size="auto" title={openShot?.caption ?? t('skills.open')} closeButtonProps={{ 'aria-label': t('skills.close') }}>
        {openShot && <img className={classes.full} src={screenshotUrl(openShot.id)} alt={openShot.caption ?? ''} data-testid="screenshot-full" />}
      </Modal>
    </section>
  );
}

function CaptionField({ initial, onSave }: { initial: string; onSave: (caption: string) => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(initial);
  useEffect(() => setValue(initial), [initial]);
  return (
    <input
      type="text"
      className={classes.caption}
      maxLength={200}
      placeholder={t('skills.caption')}
      aria-label={t('skills.caption')}
      value={value}
      onChange={(e) => setValue(e.currentTarget.value)}
      onBlur={() => value.trim() !== initial && onSave(value)}
      data-testid="screenshot-caption"
    />
  );
}
