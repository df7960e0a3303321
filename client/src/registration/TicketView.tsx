import { Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Ticket } from '@shared/registration.ts';
import { sittingLabel } from '@shared/sitting-label.ts';
import { useFormatDateTime } from '../hooks/useFormatDateTime.ts';
import classes from './ticket.module.css';

/** The admission ticket (准考证), laid out to print on one A4 page (the browser prints it to PDF too). */
/** `pdfUrl`: the server-rendered PDF of the same ticket (with the embedded CJK font), for download. */
export function TicketView({ ticket, pdfUrl }: { ticket: Ticket; pdfUrl: string }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const rows: [string, string, string][] = [
    ['ticketNo', t('ticket.ticketNo'), ticket.ticketNo],
    ['name', t('ticket.name'), ticket.name],
    ['idNumber', t('ticket.idNumber'), ticket.idNumber],
    ['occupation', t('ticket.occupation'), `${ticket.occupationName}（${ticket.occupationCode}）`],
    ['level', t('ticket.level'), t(`levels.${ticket.level}`)],
    ['plan', t('ticket.plan'), ticket.planTitle],
    ['sitting', t('ticket.sitting'), sittingLabel(ticket.planTitle, ticket.sittingName)],
    ['startsAt', t('ticket.startsAt'), formatDateTime(ticket.startsAt)],
    ['room', t('ticket.room'), ticket.room],
    ['seat', t('ticket.seat'), ticket.seat],
    ['parts', t('ticket.parts'), ticket.parts.map((p) => t('ticket.part', { part: t(`ticket.partNames.${p.kind}`), minutes: p.durationMinutes })).join('；')],
  ];
  return (
    <Paper withBorder p="lg" maw={720} className={classes.ticket} data-testid="ticket">
      <Stack>
        <Group justify="space-between">
          <Title order={2}>{t('ticket.title')}</Title>
          <Group gap="xs" className={classes.noPrint}>
            <Button variant="light" onClick={() => window.print()} data-testid="ticket-print">
              {t('ticket.print')}
            </Button>
            <Button variant="default" component="a" href={pdfUrl} download data-testid="ticket-pdf">
              {t('ticket.downloadPdf')}
            </Button>
          </Group>
        </Group>
        <Table withTableBorder withColumnBorders>
          <Table.Tbody>
            {rows.map(([key, label, value]) => (
              <Table.Tr key={key}>
                <Table.Th w={160}>{label}</Table.Th>
                <Table.Td data-testid={`ticket-${key}`}>{value}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text size="sm">{t('ticket.login')}</Text>
      </Stack>
    </Paper>
  );
}
