// What `react` and `react-dom` resolve to in the built client (see client/vite.config.ts): Preact's
// React compatibility layer with React 19's ref-as-prop rule. Plain JavaScript because preact/compat's
// types (`export =`) cannot be re-exported from TypeScript; our code is type-checked against React's.
import './react19-refs.ts';

export * from 'preact/compat';
export { default } from 'preact/compat';

// React 19 hooks Preact 10 lacks: react-router reads them off its React import and falls back when
// they are missing. Saying so here keeps the build from warning about it.
export const use = undefined;
export const useOptimistic = undefined;
