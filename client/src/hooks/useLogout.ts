import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { logout } from '../api/auth.ts';
import { setSignedInUser } from './setSignedInUser.ts';

export function useLogout() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: logout,
    onSettled: () => {
      // Even if the request failed the user asked to leave: forget them locally.
      setSignedInUser(queryClient, null);
      void navigate('/', { replace: true });
    },
  });
}
