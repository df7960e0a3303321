import { Button, Group, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SittingPartSummary } from '@shared/api.ts';
import { useFormatDateTime } from '../hooks/useFormatDateTime.ts';

interface Props {
  parts: SittingPartSummary[];
  selectedId: number | null;
  onSelect: (sittingPartId: number) => void;
  onRelease: (part: SittingPartSummary) => void;
}

export function PartsTable({ parts, selectedId, onSelect, onRelease }: Props) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  if (parts.length === 0) return <Text c="dimmed">{t('admin.empty')}</Text>;

  return (
    <Table.ScrollContainer minWidth={800}>
      <Table highlightOnHover withTableBorder data-testid="parts-table">
        <Table.Caption>{t('admin.parts')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('admin.sitting')}</Table.Th>
            <Table.Th>{t('admin.level')}</Table.Th>
            <Table.Th>{t('admin.part')}</Table.Th>
            <Table.Th>{t('admin.candidates')}</Table.Th>
            <Table.Th>{t('admin.ended')}</Table.Th>
            <Table.Th>{t('admin.passed')}</Table.Th>
            <Table.Th>{t('admin.released')}</Table.Th>
            <Table.Th>{t('admin.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {parts.map((part) => (
            <Table.Tr
              key={part.sittingPartId}
              data-testid={`part-row-${part.sittingPartId}`}
              aria-selected={part.sittingPartId === selectedId}
              bg={part.sittingPartId === selectedId ? 'var(--mantine-color-blue-light)' : undefined}
              style={{ cursor: 'pointer' }}
              onClick={() => onSelect(part.sittingPartId)}
            >
              <Table.Td>{part.sittingName}</Table.Td>
              <Table.Td>{t(`levels.${part.level}`)}</Table.Td>
              <Table.Td>{t(`partKinds.${part.kind}`)}</Table.Td>
              <Table.Td>{part.candidates}</Table.Td>
              <Table.Td>{part.ended}</Table.Td>
              <Table.Td>{part.passed}</Table.Td>
              <Table.Td data-testid={`released-${part.sittingPartId}`}>
                {part.releasedAt === null ? t('admin.notReleased') : t('admin.releasedAt', { at: formatDateTime(part.releasedAt) })}
              </Table.Td>
              <Table.Td>
                {/* Buttons keep the row usable from the keyboard; the row click is a mouse shortcut. */}
                <Group gap="xs" wrap="nowrap" onClick={(e) => e.stopPropagation()}>
                  <Button size="xs" variant="default" data-testid={`view-results-${part.sittingPartId}`} onClick={() => onSelect(part.sittingPartId)}>
                    {t('admin.view')}
                  </Button>
                  <Button
                    size="xs"
                    data-testid={`release-${part.sittingPartId}`}
                    disabled={part.releasedAt !== null}
                    onClick={() => onRelease(part)}
                  >
                    {t('admin.release')}
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
