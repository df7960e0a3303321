import { Anchor, Table, Text } from '@mantine/core';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { BankSummary } from '@shared/banks-api.ts';
import { useFormatDateTime } from '../hooks/useFormatDateTime.ts';
import { useImportFormatName } from './useImportFormatName.ts';

export function BanksTable({ banks }: { banks: BankSummary[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const formatDateTime = useFormatDateTime();
  const formatName = useImportFormatName();
  if (banks.length === 0) return <Text c="dimmed">{t('banks.empty')}</Text>;

  return (
    <Table.ScrollContainer minWidth={800}>
      <Table highlightOnHover withTableBorder data-testid="banks-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('banks.id')}</Table.Th>
            <Table.Th>{t('banks.name')}</Table.Th>
            <Table.Th>{t('banks.bankKey')}</Table.Th>
            <Table.Th>{t('banks.version')}</Table.Th>
            <Table.Th>{t('banks.sourceFormat')}</Table.Th>
            <Table.Th>{t('banks.sourceName')}</Table.Th>
            <Table.Th>{t('banks.importedAt')}</Table.Th>
            <Table.Th>{t('banks.items')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {banks.map((bank) => (
            <Table.Tr key={bank.id} data-testid={`bank-row-${bank.id}`} style={{ cursor: 'pointer' }} onClick={() => void navigate(`/admin/banks/${bank.id}`)}>
              <Table.Td>{bank.id}</Table.Td>
              <Table.Td>
                {/* The link keeps the row reachable from the keyboard; the row click is a mouse shortcut. The title is
                    the author's (often a file name), not the UI's text: translate="no" tells tools and the l10n guard. */}
                <Anchor component={Link} to={`/admin/banks/${bank.id}`} onClick={(e) => e.stopPropagation()} data-testid={`bank-link-${bank.id}`} translate="no">
                  {bank.title}
                </Anchor>
              </Table.Td>
              <Table.Td>{bank.bankKey}</Table.Td>
              <Table.Td>{bank.version}</Table.Td>
              <Table.Td>{formatName(bank.sourceFormat)}</Table.Td>
              <Table.Td>{bank.sourceName}</Table.Td>
              <Table.Td>{formatDateTime(bank.importedAt)}</Table.Td>
              <Table.Td>{bank.items}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
