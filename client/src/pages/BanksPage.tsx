import { Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useBanks, useImportBank } from '../api/banks.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { BankImportForm } from '../admin/BankImportForm.tsx';
import { BanksTable } from '../admin/BanksTable.tsx';
import { ImportReport } from '../admin/ImportReport.tsx';

export default function BanksPage() {
  const { t } = useTranslation();
  const banks = useBanks();
  const importer = useImportBank();

  return (
    <Stack>
      <Title order={2}>{t('banks.title')}</Title>
      <BankImportForm importer={importer} />
      {importer.data && <ImportReport response={importer.data} />}
      <Title order={3} size="h4">
        {t('banks.list')}
      </Title>
      {banks.isPending ? <PageLoader /> : banks.isError ? <ErrorAlert error={banks.error} /> : <BanksTable banks={banks.data} />}
    </Stack>
  );
}
