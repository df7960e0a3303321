import '@mantine/core/styles.css';
import { i18nReady } from './i18n/index.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter } from 'react-router';
import { queryClient } from './queryClient.ts';
import { AppRoutes } from './router.tsx';
import { cssVariablesResolver, themeFor } from './theme.ts';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');

/** The theme in the UI language (close buttons are named in it). */
function ThemedProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const closeLabel = t('a11y.close');
  const theme = useMemo(() => themeFor(closeLabel, (control) => t(`a11y.page.${control}` as 'a11y.page.next', { defaultValue: t('a11y.page.number', { page: control }) })), [closeLabel, t]);
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      {children}
    </MantineProvider>
  );
}

await i18nReady;
createRoot(root).render(
  <StrictMode>
    <ThemedProvider>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </QueryClientProvider>
    </ThemedProvider>
  </StrictMode>,
);
