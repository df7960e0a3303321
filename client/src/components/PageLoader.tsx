import { Center, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function PageLoader() {
  const { t } = useTranslation();
  // Mantine's Loader is a bare span: a name on it is ignored by screen readers (and refused by
  // axe) unless the span has a role that takes one. "status" is what a spinner is.
  return (
    <Center py="xl" aria-busy="true">
      <Loader size="sm" role="status" aria-label={t('app.loading')} data-testid="page-loader" />
    </Center>
  );
}
