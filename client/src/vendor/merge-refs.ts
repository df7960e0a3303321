import type { Ref } from 'react';
import { useMergedRef } from '@mantine/hooks';

/** floating-ui's useMergeRefs(refs) on Mantine's useMergedRef(...refs); see client/vite.config.ts. */
export function useMergeRefs<T>(refs: ReadonlyArray<Ref<T> | undefined>) {
  return useMergedRef<T>(...(refs as Ref<T>[]));
}
