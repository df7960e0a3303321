import { Paper, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Incident } from '@shared/proctor.ts';
import { incidentDetail, incidentTitle } from '@shared/wording/incidents.ts';

function IncidentEntry({ incident, lang, time }: { incident: Incident; lang: string; time: string }) {
  const detail = incidentDetail(incident.kind, incident.details, lang);
  return (
    <div data-testid="incident" data-kind={incident.kind}>
      <Text size="sm">
        <Text span c="dimmed" size="xs">
          {time}
        </Text>{' '}
        <strong>
          {incident.seat} {incident.name}
        </strong>{' '}
        {incidentTitle(incident.kind, lang)}
      </Text>
      {detail && (
        <Text size="xs" c="dimmed" data-testid="incident-detail">
          {detail}
        </Text>
      )}
    </div>
  );
}

/** The room's incidents, newest first, as they happen, worded in the UI language (shared with the CSV export). */
export function IncidentFeed({ incidents, offsetTime }: { incidents: readonly Incident[]; offsetTime: (at: number) => string }) {
  const { t, i18n } = useTranslation();
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
              <IncidentEntry key={i.id} incident={i} lang={i18n.language} time={offsetTime(i.at)} />
            ))}
          </Stack>
        )}
      </ScrollArea>
    </Paper>
  );
}
