import { useEffect, useReducer, type ComponentType, type ReactNode } from 'react';

/** A failed chunk is asked for again once the browser says it is back online, or after this long. */
const RETRY_MS = 5_000;

export type LazyComponent<P extends object> = ComponentType<P> & {
  /** Starts loading now (the exam page, while it is still online), so a later render needs no network. */
  preload: () => Promise<void>;
};

/**
 * What React.lazy does, without Suspense: the module loads in an effect and the component shows
 * its fallback meanwhile. Preact's Suspense (preact/compat 10) can stay on its fallback for good
 * when a lazy component suspends inside a boundary whose parent has just resumed: seen in the
 * e2e suite, /admin/banks opened directly kept its spinner with the page's chunk loaded. The
 * same nesting is the exam page's: the skills part's Markdown renderer inside the lazy exam page.
 * A component that keeps its own "loaded" state has nothing to lose.
 *
 * A chunk that fails to load (the exam room's network down) is not the render's error, unlike
 * React.lazy: nothing above would catch it, and an exception in the middle of a render left the
 * exam page half updated (a second, frozen copy of it under Preact). The fallback stays and the
 * chunk is asked for again when the line is back.
 */
export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>, fallback: (props: P) => ReactNode): LazyComponent<P> {
  let Loaded: ComponentType<P> | undefined;
  let pending: Promise<void> | undefined;
  const start = () =>
    (pending ??= load().then(
      (component) => {
        Loaded = component;
      },
      () => {
        pending = undefined;
      },
    ));
  function Lazy(props: P) {
    const [, rerender] = useReducer((n: number) => n + 1, 0);
    // Fetching starts with the first render, as React.lazy's does; the effect only waits for it.
    const loading = Loaded ? undefined : start();
    useEffect(() => {
      if (!loading) return;
      let stopRetry: (() => void) | undefined;
      let live = true;
      void loading.then(() => {
        if (!live) return;
        if (Loaded) return rerender();
        const again = () => {
          stopRetry?.();
          rerender();
        };
        const timer = setTimeout(again, RETRY_MS);
        window.addEventListener('online', again);
        stopRetry = () => {
          clearTimeout(timer);
          window.removeEventListener('online', again);
        };
      });
      return () => {
        live = false;
        stopRetry?.();
      };
    }, [loading]);
    return Loaded ? <Loaded {...props} /> : fallback(props);
  }
  return Object.assign(Lazy, { preload: () => (Loaded ? Promise.resolve() : start()) });
}
