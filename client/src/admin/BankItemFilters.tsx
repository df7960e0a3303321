import { Grid, Select, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { KnowledgeArea } from '@shared/bank.ts';
import type { ItemType, Level } from '@shared/domain.ts';
import { useKnowledgeAreas } from '../hooks/useKnowledgeAreas.ts';

export interface ItemFilterValues {
  q: string;
  type: ItemType | null;
  area: KnowledgeArea | null;
  level: Level | null;
}

const ITEM_TYPES = ['single', 'multi', 'truefalse', 'short-answer', 'practical'] as const satisfies readonly ItemType[];
const LEVELS = ['4', '3', '2', '1'] as const;

export function BankItemFilters({ value, onChange }: { value: ItemFilterValues; onChange: (next: ItemFilterValues) => void }) {
  const { t } = useTranslation();
  const areas = useKnowledgeAreas();
  const any = t('bank.any');

  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <TextInput
          type="search"
          label={t('bank.search')}
          placeholder={t('bank.searchPlaceholder')}
          value={value.q}
          onChange={(e) => onChange({ ...value, q: e.currentTarget.value })}
          maxLength={100}
          data-testid="items-search"
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, sm: 4, md: 2 }}>
        <Select
          label={t('bank.type')}
          placeholder={any}
          data={ITEM_TYPES.map((type) => ({ value: type, label: t(`itemTypes.${type}`) }))}
          value={value.type}
          onChange={(type) => onChange({ ...value, type: type as ItemType | null })}
          clearable
          data-testid="items-filter-type"
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, sm: 4, md: 4 }}>
        <Select
          label={t('bank.area')}
          placeholder={any}
          data={areas.options}
          value={value.area}
          onChange={(area) => onChange({ ...value, area: area as KnowledgeArea | null })}
          clearable
          data-testid="items-filter-area"
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, sm: 4, md: 2 }}>
        <Select
          label={t('bank.level')}
          placeholder={any}
          data={LEVELS.map((level) => ({ value: level, label: t(`levels.${level}`) }))}
          value={value.level === null ? null : String(value.level)}
          onChange={(level) => onChange({ ...value, level: level === null ? null : (Number(level) as Level) })}
          clearable
          data-testid="items-filter-level"
        />
      </Grid.Col>
    </Grid>
  );
}
