import { Anchor, Group, Pagination, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useBankItems, type BankItemsFilter } from '../api/banks.ts';
import { BankExcerpt } from '../components/BankExcerpt.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { useKnowledgeAreas } from '../hooks/useKnowledgeAreas.ts';

interface Props {
  bankId: number;
  filter: BankItemsFilter;
  onPage: (page: number) => void;
  onOpen: (itemId: number) => void;
}

export function BankItemsTable({ bankId, filter, onPage, onOpen }: Props) {
  const { t } = useTranslation();
  const areas = useKnowledgeAreas();
  const items = useBankItems(bankId, filter);

  if (items.isPending) return <PageLoader />;
  if (items.isError) return <ErrorAlert error={items.error} />;
  const { total, page, pageSize } = items.data;
  const pages = Math.max(1, Math.ceil(total / pageSize));

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed" data-testid="items-total" data-total={total}>
        {t('bank.total', { n: total })}
      </Text>
      {items.data.items.length === 0 ? (
        <Text c="dimmed" data-testid="items-empty">
          {t('bank.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table highlightOnHover withTableBorder data-testid="items-table" style={{ opacity: items.isPlaceholderData ? 0.6 : 1 }}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('bank.key')}</Table.Th>
                <Table.Th>{t('bank.type')}</Table.Th>
                <Table.Th>{t('bank.area')}</Table.Th>
                <Table.Th>{t('bank.difficulty')}</Table.Th>
                <Table.Th>{t('bank.levels')}</Table.Th>
                <Table.Th>{t('bank.stem')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.data.items.map((item) => (
                <Table.Tr key={item.id} data-testid={`item-row-${item.itemKey}`} style={{ cursor: 'pointer' }} onClick={() => onOpen(item.id)}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {/* A button keeps the row usable from the keyboard; the row click is a mouse shortcut. */}
                    <Anchor
                      component="button"
                      type="button"
                      size="sm"
                      onClick={(e) => {
                        e.stopPropagation();
                        onOpen(item.id);
                      }}
                      data-testid={`item-open-${item.itemKey}`}
                    >
                      {item.itemKey}
                    </Anchor>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{t(`itemTypes.${item.type}`)}</Table.Td>
                  <Table.Td>{areas.name(item.area)}</Table.Td>
                  <Table.Td>{item.difficulty}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{[...item.levels].sort((a, b) => b - a).map((level) => t(`levelsShort.${level}`)).join(t('submit.listSeparator'))}</Table.Td>
                  {/* The bank's own words (commands, file names): content, not UI, for translators and the l10n guard. */}
                  <Table.Td translate="no">
                    <BankExcerpt markdown={item.stem} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {pages > 1 && (
        <Group justify="center">
          <Pagination total={pages} value={page} onChange={onPage} aria-label={t('bank.pagination')} data-testid="items-pagination" />
        </Group>
      )}
    </Stack>
  );
}
