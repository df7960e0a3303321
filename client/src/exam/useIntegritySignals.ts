import { useEffect } from 'react';
import type { ExamController } from './examController.ts';

/**
 * Reports what an exam centre watches for: leaving the window, hiding the page, leaving full
 * screen, and copy/paste (blocked in the theory part). The server records and applies the policy.
 */
export function useIntegritySignals(controller: ExamController, active: boolean) {
  useEffect(() => {
    if (!active) return;
    const onBlur = () => controller.reportSignal('focus_lost');
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') controller.reportSignal('page_hidden');
    };
    const onFullscreen = () => {
      if (!document.fullscreenElement) controller.reportSignal('fullscreen_exit');
    };
    const onClipboard = (e: ClipboardEvent) => {
      e.preventDefault();
      controller.reportSignal('copy_paste', e.type);
    };
    window.addEventListener('blur', onBlur);
    document.addEventListener('visibilitychange', onVisibility);
    document.addEventListener('fullscreenchange', onFullscreen);
    for (const type of ['copy', 'cut', 'paste'] as const) document.addEventListener(type, onClipboard);
    return () => {
      window.removeEventListener('blur', onBlur);
      document.removeEventListener('visibilitychange', onVisibility);
      document.removeEventListener('fullscreenchange', onFullscreen);
      for (const type of ['copy', 'cut', 'paste'] as const) document.removeEventListener(type, onClipboard);
    };
  }, [controller, active]);
}
