import type { QueryClient } from '@tanstack/react-query';
import type { Me } from '@shared/api.ts';
import { meQueryKey } from '../api/auth.ts';

/**
 * Switches the cached user and drops every other cached query, so one user's data never shows
 * up for the next one on a shared lab computer. The `me` query itself is updated, not removed:
 * the header keeps observing it across logins and would otherwise stay on the old user.
 */
export function setSignedInUser(queryClient: QueryClient, me: Me | null): void {
  queryClient.setQueryData(meQueryKey, me);
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meQueryKey[0] || query.queryKey[1] !== meQueryKey[1] });
}
