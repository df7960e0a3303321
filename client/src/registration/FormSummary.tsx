import { Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ApplicationForm } from '@shared/registration.ts';

/** The application as submitted, read-only (applicant and reviewer see the same). */
export function FormSummary({ form }: { form: ApplicationForm }) {
  const { t } = useTranslation();
  const e = form.education;
  const rows: [string, string][] = [
    [t('registration.name'), form.name],
    [t('registration.idNumber'), form.idNumber],
    [t('registration.phone'), form.phone],
    [t('registration.education'), `${t(`registration.educationLevels.${e.level}`)} · ${e.major} · ${e.school} · ${e.graduatingThisYear ? t('registration.graduatingThisYear') : (e.graduationDate ?? '')}`],
    [
      t('registration.certificates'),
      form.certificates.map((c) => `${t(`registration.certKinds.${c.kind}`)} ${c.occupation} ${c.kind === 'skill' ? t(`levels.${c.level}`) : ''} ${c.date}${c.sameOrRelatedOccupation ? '' : ' ✗'}`).join('；') || '—',
    ],
    [t('registration.yearsOfWork'), String(form.yearsOfWork)],
    [t('registration.professionalTechnical'), form.professionalTechnical ? '✓' : '—'],
  ];
  return (
    <Table withTableBorder>
      <Table.Tbody>
        {rows.map(([k, v]) => (
          <Table.Tr key={k}>
            <Table.Th w={220}>{k}</Table.Th>
            <Table.Td>{v}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
