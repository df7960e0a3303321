import { useEffect } from 'react';
import type { TextPaste } from '@shared/proctor.ts';
import type { ExamController } from './examController.ts';

/** Fields the candidate writes answers in (short answers, task notes, captions). */
const isAnswerField = (target: EventTarget | null) => {
  const el = target as { tagName?: string; type?: string } | null;
  return el?.tagName === 'TEXTAREA' || (el?.tagName === 'INPUT' && el.type === 'text');
};

/** What a clipboard event is, under the sitting's text-paste rule: ignored, allowed, or blocked and reported. */
export function clipboardVerdict(e: { type: string; target: EventTarget | null; clipboardData: { files: { length: number; [i: number]: { type: string } }; types: readonly string[] } | null }, textPaste: TextPaste): 'image' | 'allow' | 'block' {
  if (e.type === 'paste') {
    const files = e.clipboardData?.files;
    const images = files ? Array.from({ length: files.length }, (_, i) => files[i]!).filter((f) => f.type.startsWith('image/')) : [];
    // A screenshot pasted as evidence is never a signal: the skills page itself asks for it.
    if (images.length > 0) return 'image';
  }
  return textPaste === 'allow' && isAnswerField(e.target) ? 'allow' : 'block';
}

/**
 * Reports what an exam centre watches for: leaving the window, hiding the page, leaving full
 * screen, and blocked copy/paste. Pasting text into answer fields follows the sitting's rule;
 * copying the paper's own text is always blocked. The server records and applies the policy.
 */
export function useIntegritySignals(controller: ExamController, active: boolean, textPaste: TextPaste) {
  useEffect(() => {
    if (!active) return;
    // A reload or a closing tab hides the page on its way out: that is no signal (the server records
    // the reload itself, as one record). pagehide comes before the hidden state; pageshow undoes it.
    let unloading = false;
    const onPageHide = () => {
      unloading = true;
    };
    const onPageShow = () => {
      unloading = false;
    };
    const report = (kind: Parameters<ExamController['reportSignal']>[0]) => {
      if (!unloading) controller.reportSignal(kind);
    };
    const onBlur = () => report('focus_lost');
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') report('page_hidden');
    };
    const onFullscreen = () => {
      if (!document.fullscreenElement) report('fullscreen_exit');
    };
    const onClipboard = (e: ClipboardEvent) => {
      const verdict = clipboardVerdict(e, textPaste);
      if (verdict === 'allow') return;
      // An image goes to the evidence panel (it listens on window); nothing lands in a text field.
      e.preventDefault();
      if (verdict === 'block') controller.reportSignal('copy_paste', e.type);
    };
    window.addEventListener('pagehide', onPageHide);
    window.addEventListener('pageshow', onPageShow);
    window.addEventListener('blur', onBlur);
    document.addEventListener('visibilitychange', onVisibility);
    document.addEventListener('fullscreenchange', onFullscreen);
    for (const type of ['copy', 'cut', 'paste'] as const) document.addEventListener(type, onClipboard);
    return () => {
      window.removeEventListener('pagehide', onPageHide);
      window.removeEventListener('pageshow', onPageShow);
      window.removeEventListener('blur', onBlur);
      document.removeEventListener('visibilitychange', onVisibility);
      document.removeEventListener('fullscreenchange', onFullscreen);
      for (const type of ['copy', 'cut', 'paste'] as const) document.removeEventListener(type, onClipboard);
    };
  }, [controller, active, textPaste]);
}
