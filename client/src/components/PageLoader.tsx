import { Center, Loader, type MantineSize } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * Mantine's Loader is a bare span: a name on it is ignored by screen readers (and refused by axe)
 * unless the span has a role that takes one. "status" is what a spinner is.
 */
export function Spinner({ size }: { size: MantineSize }) {
  const { t } = useTranslation();
  return <Loader size={size} role="status" aria-label={t('app.loading')} data-testid="spinner" />;
}

export function PageLoader() {
  return (
    <Center py="xl" aria-busy="true">
      <Spinner size="sm" />
    </Center>
  );
}
