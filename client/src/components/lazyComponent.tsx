import { useEffect, useReducer, type ComponentType, type ReactNode } from 'react';

/**
 * What React.lazy does, without Suspense: the module loads in an effect and the component shows
 * its fallback meanwhile. Preact's Suspense (preact/compat 10) can stay on its fallback for good
 * when a lazy component suspends inside a boundary whose parent has just resumed: seen in the
 * e2e suite, /admin/banks opened directly kept its spinner with the page's chunk loaded. The
 * same nesting is the exam page's: the skills part's Markdown renderer inside the lazy exam page.
 * A component that keeps its own "loaded" state has nothing to lose.
 */
export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>, fallback: (props: P) => ReactNode): ComponentType<P> {
  let Loaded: ComponentType<P> | undefined;
  let failure: { error: unknown } | undefined;
  let pending: Promise<void> | undefined;
  const start = () =>
    (pending ??= load().then(
      (component) => {
        Loaded = component;
      },
      (error: unknown) => {
        failure = { error };
      },
    ));
  return function LazyComponent(props: P) {
    const [, loadedNow] = useReducer((n: number) => n + 1, 0);
    // Fetching starts with the first render, as React.lazy's does; the effect only waits for it.
    const loading = Loaded || failure ? undefined : start();
    useEffect(() => {
      void loading?.then(loadedNow);
    }, [loading]);
    // As React.lazy does: a module that failed to load is the render's error.
    if (failure) throw failure.error;
    return Loaded ? <Loaded {...props} /> : fallback(props);
  };
}
