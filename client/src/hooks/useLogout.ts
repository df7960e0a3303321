import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { logout, meQueryKey } from '../api/auth.ts';

export function useLogout() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: logout,
    onSettled: () => {
      // Even if the request failed the user asked to leave: drop everything cached for this user.
      queryClient.clear();
      queryClient.setQueryData(meQueryKey, null);
      void navigate('/', { replace: true });
    },
  });
}
