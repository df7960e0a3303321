import { useEffect, useState } from 'react';
import { Button, Checkbox, Group, NumberInput, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { NO_ACCOMMODATIONS, type Accommodations, type ExtraTime } from '@shared/accommodations.ts';
import { accommodationsQueryKey, fetchAccommodations, saveAccommodations } from '../api/accommodations.ts';
import { ApiErrorAlert } from './ApiErrorAlert.tsx';

function ExtraTimeInput({ label, value, onChange, testId }: { label: string; value: ExtraTime | null; onChange: (v: ExtraTime | null) => void; testId: string }) {
  const { t } = useTranslation();
  const unit = value?.unit ?? 'minutes';
  return (
    <Group align="end" gap="xs">
      <NumberInput
        label={label}
        min={0}
        max={unit === 'minutes' ? 240 : 200}
        allowDecimal={false}
        value={value?.value ?? 0}
        onChange={(v) => onChange(Number(v) > 0 ? { unit, value: Number(v) } : null)}
        w={140}
        data-testid={`${testId}-value`}
      />
      <SegmentedControl
        aria-label={t('accommodations.unit')}
        value={unit}
        onChange={(u) => onChange(value ? { unit: u as ExtraTime['unit'], value: value.value } : null)}
        data={[
          { value: 'minutes', label: t('accommodations.minutes') },
          { value: 'percent', label: '%' },
        ]}
        data-testid={`${testId}-unit`}
      />
    </Group>
  );
}

/** Accommodations planned for one candidate, by admission ticket: the review page and the seating list both use it. */
export function AccommodationsEditor({ ticketNo, source, onSaved }: { ticketNo: string; source: 'review' | 'seating'; onSaved?: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: accommodationsQueryKey(ticketNo), queryFn: () => fetchAccommodations(ticketNo) });
  const [draft, setDraft] = useState<Accommodations>(NO_ACCOMMODATIONS);
  useEffect(() => {
    if (query.data) {
      const { extraTime, separateRoom, largePrint, screenReader, other } = query.data;
      setDraft({ extraTime, separateRoom, largePrint, screenReader, other });
    }
  }, [query.data]);
  const save = useMutation({
    mutationFn: () => saveAccommodations(ticketNo, { ...draft, source }),
    onSuccess: (data) => {
      queryClient.setQueryData(accommodationsQueryKey(ticketNo), data);
      onSaved?.();
    },
  });
  const set = (next: Partial<Accommodations>) => setDraft((d) => ({ ...d, ...next }));
  return (
    <Stack gap="xs" data-testid="accommodations-editor">
      <Title order={3} size="h5">
        {t('accommodations.title')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('accommodations.help')}
      </Text>
      <ExtraTimeInput label={t('accommodations.theory')} value={draft.extraTime.theory} onChange={(theory) => set({ extraTime: { ...draft.extraTime, theory } })} testId="accommodation-theory" />
      <ExtraTimeInput label={t('accommodations.skills')} value={draft.extraTime.skills} onChange={(skills) => set({ extraTime: { ...draft.extraTime, skills } })} testId="accommodation-skills" />
      <Group>
        <Checkbox label={t('accommodations.separateRoom')} checked={draft.separateRoom} onChange={(e) => set({ separateRoom: e.currentTarget.checked })} data-testid="accommodation-separate-room" />
        <Checkbox label={t('accommodations.largePrint')} checked={draft.largePrint} onChange={(e) => set({ largePrint: e.currentTarget.checked })} data-testid="accommodation-large-print" />
        <Checkbox label={t('accommodations.screenReader')} checked={draft.screenReader} onChange={(e) => set({ screenReader: e.currentTarget.checked })} data-testid="accommodation-screen-reader" />
      </Group>
      <TextInput label={t('accommodations.other')} maxLength={200} value={draft.other ?? ''} onChange={(e) => set({ other: e.currentTarget.value.trim() === '' ? null : e.currentTarget.value })} data-testid="accommodation-other" />
      {save.error && <ApiErrorAlert error={save.error} />}
      <Group>
        <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!query.data} data-testid="accommodation-save">
          {t('accommodations.save')}
        </Button>
        {save.isSuccess && (
          <Text size="sm" role="status" data-testid="accommodation-saved">
            {t('accommodations.saved')}
          </Text>
        )}
      </Group>
    </Stack>
  );
}
