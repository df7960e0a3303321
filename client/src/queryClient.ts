import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api/http.ts';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Retrying a 4xx cannot succeed and only delays showing the error.
      retry: (failureCount, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failureCount < 2,
      refetchOnWindowFocus: false,
    },
  },
});
