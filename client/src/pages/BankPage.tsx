import { useState } from 'react';
import { Alert, Anchor, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useBanks } from '../api/banks.ts';
import { NotFound } from '../components/NotFound.tsx';
import { BankItemFilters, type ItemFilterValues } from '../admin/BankItemFilters.tsx';
import { BankItemsTable } from '../admin/BankItemsTable.tsx';
import { ItemDrawer } from '../admin/ItemDrawer.tsx';
import { useImportFormatName } from '../admin/useImportFormatName.ts';

const PAGE_SIZE = 25;

export default function BankPage() {
  const { t } = useTranslation();
  const bankId = Number(useParams().bankId);
  const banks = useBanks();
  const formatName = useImportFormatName();
  const [filters, setFilters] = useState<ItemFilterValues>({ q: '', type: null, area: null, level: null });
  const [page, setPage] = useState(1);
  const [openItemId, setOpenItemId] = useState<number | null>(null);
  // Search as the admin types, but only once they pause.
  const [q] = useDebouncedValue(filters.q.trim(), 300);

  if (!Number.isInteger(bankId) || bankId <= 0) return <NotFound />;
  const bank = banks.data?.find((b) => b.id === bankId);

  return (
    <Stack>
      <Anchor component={Link} to="/admin/banks" size="sm" data-testid="bank-back">
        {t('bank.back')}
      </Anchor>
      {banks.isSuccess && !bank ? (
        <Alert color="red" variant="light" role="alert" data-testid="bank-not-found">
          {t('bank.notFound')}
        </Alert>
      ) : (
        <>
          <Stack gap={2}>
            <Title order={2} data-testid="bank-title">
              {bank?.title ?? '\u00a0'}
            </Title>
            {bank && (
              <Text size="sm" c="dimmed">
                {t('bank.meta', { key: bank.bankKey, version: bank.version, source: bank.sourceName, format: formatName(bank.sourceFormat) })}
              </Text>
            )}
          </Stack>
          <BankItemFilters
            value={filters}
            onChange={(next) => {
              setFilters(next);
              setPage(1);
            }}
          />
          <BankItemsTable
            bankId={bankId}
            filter={{ q: q || undefined, type: filters.type ?? undefined, area: filters.area ?? undefined, level: filters.level ?? undefined, page, pageSize: PAGE_SIZE }}
            onPage={setPage}
            onOpen={setOpenItemId}
          />
        </>
      )}
      <ItemDrawer bankId={bankId} itemId={openItemId} onClose={() => setOpenItemId(null)} />
    </Stack>
  );
}
