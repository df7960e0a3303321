import { Badge, Group, Image, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BankItem } from '@shared/bank.ts';
import type { CandidateItem } from '@shared/events.ts';
import { useKnowledgeAreas } from '../hooks/useKnowledgeAreas.ts';
import { TaskMarkdown } from '../exam/LazyTaskMarkdown.tsx';

const preWrap = { whiteSpace: 'pre-wrap' } as const;

type Rubric = Extract<BankItem, { rubric: unknown }>['rubric'];
type ChoiceItem = Extract<BankItem, { type: 'single' | 'multi' }>;

function RubricTable({ rubric }: { rubric: Rubric }) {
  const { t } = useTranslation();
  const total = rubric.reduce((sum, c) => sum + c.points, 0);
  return (
    <Table withTableBorder data-testid="item-rubric">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('itemDetail.criterion')}</Table.Th>
          <Table.Th>{t('itemDetail.points')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rubric.map((criterion) => (
          <Table.Tr key={criterion.id}>
            <Table.Td style={preWrap}>{criterion.text}</Table.Td>
            <Table.Td>{criterion.points}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
      <Table.Caption>{t('itemDetail.rubricTotal', { points: Math.round(total * 100) / 100 })}</Table.Caption>
    </Table>
  );
}

function ChoiceKey({ item, labelOf, mediaUrl }: { item: ChoiceItem; labelOf: (optionId: string) => string; mediaUrl: (name: string) => string | undefined }) {
  const { t } = useTranslation();
  const correct = new Set(item.type === 'single' ? [item.answer] : item.answer);
  const fractions = item.type === 'multi' ? item.fractions : undefined;
  return (
    <Table withTableBorder data-testid="item-key-options">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={48} />
          <Table.Th>{t('itemDetail.options')}</Table.Th>
          <Table.Th>{t('itemDetail.answer')}</Table.Th>
          {fractions && <Table.Th>{t('itemDetail.fraction')}</Table.Th>}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {item.options.map((option) => (
          <Table.Tr key={option.id} data-correct={correct.has(option.id) || undefined}>
            <Table.Td fw={700}>{labelOf(option.id)}</Table.Td>
            <Table.Td>
              <TaskMarkdown markdown={option.text} mediaBase={mediaUrl} inline />
            </Table.Td>
            <Table.Td>
              {correct.has(option.id) && (
                <Badge color="teal" variant="light">
                  {t('itemDetail.correct')}
                </Badge>
              )}
            </Table.Td>
            {fractions && <Table.Td>{fractions[option.id] === undefined ? '' : `${Math.round(fractions[option.id]! * 1000) / 10}%`}</Table.Td>}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** What only the admin sees: the key, the rubric and the explanation, beside the candidate's view. */
export function ItemKey({ item, preview }: { item: BankItem; preview: CandidateItem }) {
  const { t } = useTranslation();
  const areas = useKnowledgeAreas();
  // Letters as in the preview (the bank's option order), so "B" here is "B" there.
  const labelOf = (optionId: string) => preview.options.find((o) => o.id === optionId)?.label ?? optionId;
  const separator = t('submit.listSeparator');
  const mediaUrl = (name: string) => {
    const m = item.media?.find((x) => x.name === name);
    return m ? `data:${m.mimeType};base64,${m.base64.replace(/\s+/g, '')}` : undefined;
  };

  let answer: string | null = null;
  if (item.type === 'single') answer = labelOf(item.answer);
  else if (item.type === 'multi') answer = item.answer.map(labelOf).join(separator);
  else if (item.type === 'truefalse') answer = `${labelOf(String(item.answer))} ${item.answer ? t('itemDetail.true') : t('itemDetail.false')}`;

  return (
    <Stack gap="sm" data-testid="item-key">
      <Group gap="lg">
        <Text size="sm">{t('app.labelValue', { label: t('itemDetail.area'), value: areas.name(item.area) })}</Text>
        <Text size="sm">{t('app.labelValue', { label: t('itemDetail.difficulty'), value: item.difficulty })}</Text>
        <Text size="sm">
          {t('app.labelValue', { label: t('itemDetail.levels'), value: [...item.levels].sort((a, b) => b - a).map((l) => t(`levels.${l}`)).join(separator) })}
        </Text>
      </Group>
      {item.tags.length > 0 && (
        <Group gap={4}>
          <Text size="sm">{t('itemDetail.tags')}</Text>
          {item.tags.map((tag) => (
            <Badge key={tag} variant="outline" size="sm">
              {tag}
            </Badge>
          ))}
        </Group>
      )}
      {answer !== null && (
        <Text fw={700} data-testid="item-answer">
          {t('app.labelValue', { label: t('itemDetail.answer'), value: answer })}
        </Text>
      )}
      {(item.type === 'single' || item.type === 'multi') && <ChoiceKey item={item} labelOf={labelOf} mediaUrl={mediaUrl} />}
      {item.type === 'practical' && <Text size="sm">{t('itemDetail.screenshots', { n: item.screenshots })}</Text>}
      {(item.type === 'short-answer' || item.type === 'practical') && (
        <Stack gap={4}>
          <Text fw={700} size="sm">
            {t('itemDetail.rubric')}
          </Text>
          <RubricTable rubric={item.rubric} />
        </Stack>
      )}
      {item.type === 'short-answer' && item.referenceAnswer && (
        <Stack gap={4}>
          <Text fw={700} size="sm">
            {t('itemDetail.referenceAnswer')}
          </Text>
          <Text size="sm" style={preWrap} data-testid="item-reference-answer">
            {item.referenceAnswer}
          </Text>
        </Stack>
      )}
      <Stack gap={4}>
        <Text fw={700} size="sm">
          {t('itemDetail.explanation')}
        </Text>
        {item.explanation ? (
          <div data-testid="item-explanation">
            <TaskMarkdown markdown={item.explanation} mediaBase={mediaUrl} />
          </div>
        ) : (
          <Text size="sm" c="dimmed" data-testid="item-explanation">
            {t('itemDetail.noExplanation')}
          </Text>
        )}
      </Stack>
      {item.media && item.media.length > 0 && (
        <Stack gap={4}>
          <Text fw={700} size="sm">
            {t('itemDetail.media')}
          </Text>
          <SimpleGrid cols={{ base: 2, sm: 3 }}>
            {item.media.map((media) => (
              <Stack key={media.name} gap={2}>
                {/* Raster types only (the bank schema refuses SVG), shown as data: URLs the CSP allows. */}
                <Image src={`data:${media.mimeType};base64,${media.base64.replace(/\s+/g, '')}`} alt={media.name} radius="sm" fit="contain" mah={200} />
                <Text size="xs" c="dimmed">
                  {`media:${media.name}`}
                </Text>
              </Stack>
            ))}
          </SimpleGrid>
        </Stack>
      )}
    </Stack>
  );
}
