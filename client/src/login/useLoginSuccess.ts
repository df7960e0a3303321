import { useCallback } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { Me } from '@shared/api.ts';
import { homePathFor } from '../hooks/homePath.ts';
import { setSignedInUser } from '../hooks/setSignedInUser.ts';

export function useLoginSuccess() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useCallback(
    (me: Me) => {
      setSignedInUser(queryClient, me);
      void navigate(homePathFor(me.role), { replace: true });
    },
    [queryClient, navigate],
  );
}
