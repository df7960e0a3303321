import { useCallback } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { Me } from '@shared/api.ts';
import { meQueryKey } from '../api/auth.ts';
import { homePathFor } from '../hooks/homePath.ts';

export function useLoginSuccess() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useCallback(
    (me: Me) => {
      // A previous user's cached data must never leak into the next login on a shared lab computer.
      queryClient.clear();
      queryClient.setQueryData(meQueryKey, me);
      void navigate(homePathFor(me.role), { replace: true });
    },
    [queryClient, navigate],
  );
}
