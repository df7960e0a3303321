import { Paper, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Incident } from '@shared/proctor.ts';

function detailText(details: Record<string, unknown>): string {
  return Object.entries(details)
    .filter(([k, v]) => v !== null && k !== 'sessionId')
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' · ');
}

/** The room's incidents, newest first, as they happen. */
export function IncidentFeed({ incidents, offsetTime }: { incidents: readonly Incident[]; offsetTime: (at: number) => string }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="sm" radius="md">
      <Title order={3} size="h5" mb="xs">
        {t('proctor.incidentFeed')}
      </Title>
      {/* Focusable so keyboard users can scroll it (WCAG 2.1.1); named so screen readers say what it is. */}
      <ScrollArea h={520} type="auto" viewportProps={{ tabIndex: 0, role: 'region', 'aria-label': t('a11y.incidentFeedRegion') }}>
        {incidents.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t('proctor.noIncidents')}
          </Text>
        ) : (
          <Stack gap={6} data-testid="incident-feed">
            {incidents.map((i) => (
              <div key={i.id} data-testid="incident" data-kind={i.kind}>
                <Text size="sm">
                  <Text span c="dimmed" size="xs">
                    {offsetTime(i.at)}
                  </Text>{' '}
                  <strong>
                    {i.seat} {i.name}
                  </strong>{' '}
                  {t(`proctor.incident.${i.kind}`)}
                </Text>
                {detailText(i.details) && (
                  <Text size="xs" c="dimmed">
                    {detailText(i.details)}
                  </Text>
                )}
              </div>
            ))}
          </Stack>
        )}
      </ScrollArea>
    </Paper>
  );
}
