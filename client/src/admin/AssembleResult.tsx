import { Alert, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AssembledPaper } from '@shared/banks-api.ts';

export function AssembleResult({ paper }: { paper: AssembledPaper }) {
  const { t } = useTranslation();
  return (
    <Alert color="teal" variant="light" title={t('papers.result')} data-testid="assemble-result">
      <Table variant="vertical" withRowBorders={false} layout="fixed" maw={420}>
        <Table.Tbody>
          <Table.Tr>
            <Table.Th w={140}>{t('papers.paperId')}</Table.Th>
            <Table.Td data-testid="assembled-paper-id">{paper.paperId}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('papers.items')}</Table.Th>
            <Table.Td data-testid="assembled-items">{paper.items}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('papers.resultSeed')}</Table.Th>
            <Table.Td data-testid="assembled-seed" ff="monospace">
              {paper.seed}
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
    </Alert>
  );
}
