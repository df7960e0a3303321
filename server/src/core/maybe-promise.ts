/**
 * A port's answer while features move to the async data layer one by one (issue #16, docs/cluster.md
 * §4): a caller always awaits it, so the feature behind the port may convert on its own branch.
 * Step 5 (every feature async) narrows these back to Promise<T>.
 */
export type MaybePromise<T> = T | Promise<T>;
