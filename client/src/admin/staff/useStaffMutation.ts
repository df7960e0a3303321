import { useMutation, useQueryClient } from '@tanstack/react-query';

/** A staff change that refreshes every staff list (all roles and each filter) once it succeeds. */
export function useStaffMutation<V, R>(mutationFn: (vars: V) => Promise<R>, onDone?: (result: R, vars: V) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (result, vars) => {
      void queryClient.invalidateQueries({ queryKey: ['admin', 'staff'] });
      onDone?.(result, vars);
    },
  });
}
