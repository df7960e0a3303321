import { ActionIcon, Button, Group, NativeSelect, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Level } from '@shared/domain.ts';
import { emptyRoom, LEVELS, type RoomDraft, type SittingDraft } from './drafts.ts';

interface Props {
  value: SittingDraft;
  onChange: (next: SittingDraft) => void;
  /** Prefix of the data-testid hooks, e.g. "new-sitting-0". */
  testId: string;
}

/** One sitting of a new plan (or one added to a plan): level, name, start, rooms with seat counts. */
export function SittingFields({ value, onChange, testId }: Props) {
  const { t } = useTranslation();
  const setRoom = (i: number, room: RoomDraft) => onChange({ ...value, rooms: value.rooms.map((r, j) => (j === i ? room : r)) });
  return (
    <Stack gap="xs">
      <Group align="flex-end" wrap="wrap">
        <NativeSelect
          label={t('planning.level')}
          data={LEVELS.map((l) => ({ value: String(l), label: t(`levels.${l}`) }))}
          value={String(value.level)}
          onChange={(e) => onChange({ ...value, level: Number(e.currentTarget.value) as Level })}
          data-testid={`${testId}-level`}
        />
        <TextInput label={t('planning.sittingName')} value={value.name} onChange={(e) => onChange({ ...value, name: e.currentTarget.value })} w={220} data-testid={`${testId}-name`} />
        <TextInput
          type="datetime-local"
          label={t('planning.startsAt')}
          value={value.startsAt}
          onChange={(e) => onChange({ ...value, startsAt: e.currentTarget.value })}
          data-testid={`${testId}-starts`}
        />
      </Group>
      <Text size="sm" fw={500}>
        {t('planning.roomsHeading')}
      </Text>
      {value.rooms.map((room, i) => (
        <Group key={i} gap="xs" align="flex-end">
          <TextInput size="xs" placeholder={t('planning.roomName')} aria-label={t('planning.roomName')} value={room.name} onChange={(e) => setRoom(i, { ...room, name: e.currentTarget.value })} w={160} data-testid={`${testId}-room-${i}-name`} />
          <NumberInput size="xs" aria-label={t('planning.seats')} min={1} max={500} value={room.seats} onChange={(v) => setRoom(i, { ...room, seats: typeof v === 'number' ? v : 0 })} w={90} data-testid={`${testId}-room-${i}-seats`} />
          <ActionIcon variant="subtle" color="red" aria-label={t('planning.removeRoomRow')} onClick={() => onChange({ ...value, rooms: value.rooms.filter((_, j) => j !== i) })}>
            ×
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button size="xs" variant="subtle" onClick={() => onChange({ ...value, rooms: [...value.rooms, emptyRoom()] })} data-testid={`${testId}-add-room`}>
          {t('planning.addRoomRow')}
        </Button>
      </Group>
    </Stack>
  );
}
