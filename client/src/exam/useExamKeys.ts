import { useEffect, useRef } from 'react';

export interface ExamKeyHandlers {
  next: () => void;
  previous: () => void;
  /** Zero-based position of the option. */
  option: (index: number) => void;
}

function isTextField(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  if (el.isContentEditable || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  return el instanceof HTMLInputElement && !['radio', 'checkbox', 'button', 'submit', 'reset'].includes(el.type);
}

/** Keyboard shortcuts for the exam page; off while a dialog is open so they never act behind it. */
export function useExamKeys(enabled: boolean, handlers: ExamKeyHandlers): void {
  const latest = useRef(handlers);
  latest.current = handlers;

  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTextField(e.target)) return;
      const h = latest.current;
      if (e.key === 'ArrowRight' || e.key === 'n' || e.key === 'N') h.next();
      else if (e.key === 'ArrowLeft' || e.key === 'p' || e.key === 'P') h.previous();
      else if (/^[1-8]$/.test(e.key)) h.option(Number(e.key) - 1);
      else return;
      // Stops a focused radio group from also moving its selection on the arrow keys.
      e.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}
