import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { SittingPartSummary } from '@shared/api.ts';
import { partsQueryKey, releasePart, resultsQueryKey } from '../api/admin.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';

export function ReleaseDialog({ part, onClose }: { part: SittingPartSummary | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const release = useMutation({
    mutationFn: releasePart,
    onSuccess: (updated) => {
      queryClient.setQueryData<SittingPartSummary[]>(partsQueryKey, (rows) =>
        rows?.map((row) => (row.sittingPartId === updated.sittingPartId ? updated : row)),
      );
      void queryClient.invalidateQueries({ queryKey: resultsQueryKey(updated.sittingPartId) });
      close();
    },
  });

  function close() {
    release.reset();
    onClose();
  }

  return (
    <Modal opened={part !== null} onClose={close} title={t('admin.releaseTitle')} centered>
      {part && (
        <Stack>
          <Text>{t('admin.releaseBody', { sitting: part.sittingName, part: t(`partKinds.${part.kind}`) })}</Text>
          {release.isError && <ErrorAlert error={release.error} testId="release-error" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('app.cancel')}
            </Button>
            <Button data-testid="release-confirm" loading={release.isPending} onClick={() => release.mutate(part.sittingPartId)}>
              {t('admin.releaseConfirm')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
