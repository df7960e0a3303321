import { useState } from 'react';
import { Badge, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { fetchSebSettings, sebSettingsQueryKey } from '../../api/seb.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Spinner } from '../../components/PageLoader.tsx';
import { SebFileDownload } from './SebFileDownload.tsx';
import { SebSettingsForm } from './SebSettingsForm.tsx';

/** A sitting's Safe Exam Browser line: required or not, its Config Key, and the settings dialog with the .seb download. */
export function SebSettingsPanel({ sittingId, sittingName }: { sittingId: number; sittingName: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [dirty, setDirty] = useState(false);
  const settings = useQuery({ queryKey: sebSettingsQueryKey(sittingId), queryFn: () => fetchSebSettings(sittingId) });
  const s = settings.data;
  return (
    <Group gap="xs" data-testid={`sitting-${sittingId}-seb`}>
      <Text size="sm" fw={500}>
        {t('seb.title')}
      </Text>
      {settings.isPending && <Spinner size="xs" />}
      {settings.isError && <ErrorAlert error={settings.error} />}
      {s && (
        <>
          <Badge variant="light" color={!s.saved ? 'gray' : s.required ? 'green' : 'gray'} data-testid={`sitting-${sittingId}-seb-status`}>
            {!s.saved ? t('seb.summaryNotSaved') : s.required ? t('seb.summaryRequired') : t('seb.summaryNotRequired')}
          </Badge>
          {s.saved && (
            <Text size="xs" c="dimmed" ff="monospace">
              {t('seb.configKeyShort', { key: s.configKey.slice(0, 12) })}
            </Text>
          )}
          <Button size="compact-xs" variant="light" onClick={() => setOpen(true)} data-testid={`sitting-${sittingId}-seb-open`}>
            {t('seb.open')}
          </Button>
          {open && (
            <Modal opened onClose={() => setOpen(false)} title={t('seb.dialogTitle', { name: sittingName })} size="xl" centered>
              <Stack>
                <SebSettingsForm sittingId={sittingId} settings={s} onDirtyChange={setDirty} />
                <SebFileDownload sittingId={sittingId} settings={s} unsaved={dirty} />
                <Group justify="flex-end">
                  <Button variant="default" onClick={() => setOpen(false)}>
                    {t('seb.close')}
                  </Button>
                </Group>
              </Stack>
            </Modal>
          )}
        </>
      )}
    </Group>
  );
}
