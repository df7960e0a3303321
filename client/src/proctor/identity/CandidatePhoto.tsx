import { Avatar, Badge, Image, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { IdentityCheck, RoomRow } from '@shared/proctor.ts';

export const photoUrl = (candidateId: number) => `/api/proctor/candidates/${candidateId}/photo`;

/** The candidate's photo beside their name (every load of it is audited on the server). */
export function CandidatePhoto({ row, large = false }: { row: Pick<RoomRow, 'candidateId' | 'name' | 'hasPhoto'>; large?: boolean }) {
  const { t } = useTranslation();
  if (large) {
    return row.hasPhoto ? (
      <Image src={photoUrl(row.candidateId)} alt={t('identity.photoAlt', { name: row.name })} h={240} w="auto" fit="contain" radius="sm" data-testid="identity-photo" />
    ) : (
      <Text c="dimmed" size="sm" data-testid="identity-no-photo">
        {t('identity.noPhoto')}
      </Text>
    );
  }
  return (
    <Avatar size="md" radius="sm" color="gray" src={row.hasPhoto ? photoUrl(row.candidateId) : null} alt={row.hasPhoto ? t('identity.photoAlt', { name: row.name }) : undefined} aria-label={t('proctor.columns.photo')} data-testid="row-photo">
      {row.name.slice(0, 1)}
    </Avatar>
  );
}

const OUTCOME_COLOR = { passed: 'green', passed_with_note: 'yellow', refused: 'red' } as const;

/** The recorded check, as a badge in the status cell (its note as the tooltip text). */
export function IdentityBadge({ identity }: { identity: IdentityCheck | null | undefined }) {
  const { t } = useTranslation();
  if (!identity) return null;
  return (
    <Badge color={OUTCOME_COLOR[identity.outcome]} variant="outline" ml={4} title={identity.note ?? undefined} data-testid="row-identity" data-outcome={identity.outcome}>
      {t(`identity.outcomes.${identity.outcome}`)}
    </Badge>
  );
}
