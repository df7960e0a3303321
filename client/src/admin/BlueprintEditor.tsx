import { Button, Grid, Group, NumberInput, Select, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { KnowledgeArea } from '@shared/bank.ts';
import type { ItemType, Level, MultiRule } from '@shared/domain.ts';
import { useKnowledgeAreas } from '../hooks/useKnowledgeAreas.ts';
import { countError, newSection, pointsError, totals, type DraftBlueprint, type DraftSection } from './blueprintDraft.ts';

// Papers are assembled for theory parts only, so only theory item types make sense here.
const THEORY_TYPES = ['single', 'multi', 'truefalse'] as const satisfies readonly ItemType[];
const LEVELS = ['4', '3', '2', '1'] as const;
const MULTI_RULES = ['all-or-nothing', 'partial'] as const satisfies readonly MultiRule[];

const toNumber = (value: number | string): number | '' => (typeof value === 'number' ? value : value.trim() === '' ? '' : Number(value));

export function BlueprintEditor({ value, onChange }: { value: DraftBlueprint; onChange: (next: DraftBlueprint) => void }) {
  const { t } = useTranslation();
  const areas = useKnowledgeAreas();
  const { points, items } = totals(value);
  const totalOk = points === 100;

  const update = (key: number, patch: Partial<DraftSection>) =>
    onChange({ ...value, sections: value.sections.map((s) => (s.key === key ? { ...s, ...patch } : s)) });

  return (
    <Stack gap="sm">
      <Grid>
        <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
          <Select
            label={t('papers.level')}
            data={LEVELS.map((l) => ({ value: l, label: t(`levels.${l}`) }))}
            value={String(value.level)}
            onChange={(level) => level && onChange({ ...value, level: Number(level) as Level })}
            allowDeselect={false}
            data-testid="blueprint-level"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
          <Select
            label={t('papers.multiRule')}
            data={MULTI_RULES.map((rule) => ({ value: rule, label: t(`multiRules.${rule}`) }))}
            value={value.multiRule}
            onChange={(rule) => rule && onChange({ ...value, multiRule: rule as MultiRule })}
            allowDeselect={false}
            data-testid="blueprint-multi-rule"
          />
        </Grid.Col>
      </Grid>
      <Text fw={700} size="sm">
        {t('papers.sections')}
      </Text>
      <Table.ScrollContainer minWidth={800}>
        <Table withTableBorder data-testid="blueprint-sections">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('papers.type')}</Table.Th>
              <Table.Th>{t('papers.area')}</Table.Th>
              <Table.Th>{t('papers.count')}</Table.Th>
              <Table.Th>{t('papers.points')}</Table.Th>
              <Table.Th>{t('papers.subtotal')}</Table.Th>
              <Table.Th>{t('papers.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {value.sections.map((section, index) => {
              const subtotal = section.count === '' || section.points === '' ? 0 : Math.round(section.count * section.points * 100) / 100;
              return (
                <Table.Tr key={section.key} data-testid={`section-row-${index}`}>
                  <Table.Td>
                    <Select
                      aria-label={t('papers.type')}
                      data={THEORY_TYPES.map((type) => ({ value: type, label: t(`itemTypes.${type}`) }))}
                      value={section.type}
                      onChange={(type) => type && update(section.key, { type: type as ItemType })}
                      allowDeselect={false}
                      w={170}
                      data-testid={`section-type-${index}`}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Select
                      aria-label={t('papers.area')}
                      placeholder={t('papers.anyArea')}
                      data={areas.options}
                      value={section.area}
                      onChange={(area) => update(section.key, { area: area as KnowledgeArea | null })}
                      clearable
                      miw={200}
                      data-testid={`section-area-${index}`}
                    />
                  </Table.Td>
                  <Table.Td>
                    <NumberInput
                      aria-label={t('papers.count')}
                      value={section.count}
                      onChange={(count) => update(section.key, { count: toNumber(count) })}
                      min={1}
                      max={500}
                      allowDecimal={false}
                      allowNegative={false}
                      error={countError(section.count)}
                      w={90}
                      data-testid={`section-count-${index}`}
                    />
                  </Table.Td>
                  <Table.Td>
                    <NumberInput
                      aria-label={t('papers.points')}
                      value={section.points}
                      onChange={(points) => update(section.key, { points: toNumber(points) })}
                      min={0}
                      max={100}
                      step={0.5}
                      decimalScale={2}
                      allowNegative={false}
                      error={pointsError(section.points)}
                      w={90}
                      data-testid={`section-points-${index}`}
                    />
                  </Table.Td>
                  <Table.Td>{subtotal}</Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      disabled={value.sections.length <= 1}
                      aria-label={t('papers.removeRow', { n: index + 1 })}
                      onClick={() => onChange({ ...value, sections: value.sections.filter((s) => s.key !== section.key) })}
                      data-testid={`section-remove-${index}`}
                    >
                      {t('papers.remove')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group justify="space-between">
        <Button variant="default" size="xs" onClick={() => onChange({ ...value, sections: [...value.sections, newSection()] })} disabled={value.sections.length >= 50} data-testid="section-add">
          {t('papers.addSection')}
        </Button>
        <Text fw={700} c={totalOk ? 'teal.8' : 'red.7'} data-testid="blueprint-total" data-total={points} aria-live="polite">
          {t('app.labelValue', { label: t('papers.total'), value: t('papers.totalValue', { points, n: items }) })}
          {!totalOk && ` · ${t('papers.totalMustBe100')}`}
        </Text>
      </Group>
    </Stack>
  );
}
