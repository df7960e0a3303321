import { Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { PartOverview } from '@shared/api.ts';
import { PartResult } from './PartResult.tsx';

const statusColor = { not_started: 'teal', in_progress: 'blue', ended: 'gray' } as const;

export function PartCard({ part }: { part: PartOverview }) {
  const { t } = useTranslation();
  const status = part.session?.status ?? 'not_started';
  // The review (oral defence) is held in person, not in this client.
  const canOpen = part.kind === 'theory' || part.kind === 'skills';
  const facts = [
    { label: t('overview.duration'), value: t('overview.minutes', { n: part.durationMinutes }) },
    { label: t('overview.items'), value: t('overview.itemCount', { n: part.itemCount }) },
    { label: t('overview.passScore'), value: String(part.passScore) },
  ];

  return (
    <Card withBorder padding="lg" radius="md" data-testid={`part-card-${part.kind}`}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={600}>{t(`partKinds.${part.kind}`)}</Text>
          <Badge variant="light" color={statusColor[status]} data-testid={`part-status-${part.kind}`}>
            {t(`sessionStatus.${status}`)}
          </Badge>
        </Group>
        {facts.map((fact) => (
          <Text size="sm" key={fact.label}>
            {t('app.labelValue', fact)}
          </Text>
        ))}
        {status === 'ended' ? (
          <PartResult part={part} />
        ) : !canOpen ? (
          <Text size="sm" c="dimmed" data-testid={`part-not-open-${part.kind}`}>
            {t('overview.notOpen')}
          </Text>
        ) : (
          <Button component={Link} to={`/exam/part/${part.sittingPartId}`} data-testid={`start-${part.kind}`}>
            {status === 'in_progress' ? t('overview.continue') : t('overview.start')}
          </Button>
        )}
      </Stack>
    </Card>
  );
}
