import { useState } from 'react';
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { PartKind } from '@shared/domain.ts';
import { fetchOverview, overviewQueryKey } from '../api/candidate.ts';
import { useLogout } from '../hooks/useLogout.ts';
import { useMe } from '../hooks/useMe.ts';

/** A candidate's running part, read fresh: logging out does not stop its clock, so they are asked first. */
async function runningPart(queryClient: ReturnType<typeof useQueryClient>): Promise<PartKind | null> {
  try {
    const overview = await queryClient.fetchQuery({ queryKey: overviewQueryKey, queryFn: fetchOverview, staleTime: 0 });
    return overview.parts.find((p) => p.session?.status === 'in_progress')?.kind ?? null;
  } catch {
    // Cannot tell (offline): leaving is still the candidate's right.
    return null;
  }
}

export function LogoutButton() {
  const { t } = useTranslation();
  const logout = useLogout();
  const me = useMe().data;
  const queryClient = useQueryClient();
  const [running, setRunning] = useState<PartKind | null>(null);
  const [checking, setChecking] = useState(false);

  const onClick = async () => {
    if (me?.role !== 'candidate') return logout.mutate();
    setChecking(true);
    const part = await runningPart(queryClient);
    setChecking(false);
    if (part) setRunning(part);
    else logout.mutate();
  };

  return (
    <>
      <Button size="xs" variant="default" data-testid="logout-button" loading={logout.isPending || checking} onClick={() => void onClick()}>
        {t('header.logout')}
      </Button>
      <Modal opened={running !== null} onClose={() => setRunning(null)} title={t('examDay.logout.title')} centered data-testid="logout-confirm-dialog">
        <Stack>
          <Text data-testid="logout-running">{running && t('examDay.logout.running', { part: t(`partKinds.${running}`) })}</Text>
          <Text size="sm" c="dimmed">
            {t('examDay.logout.saved')}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRunning(null)} data-testid="logout-stay">
              {t('examDay.logout.stay')}
            </Button>
            <Button
              color="red"
              onClick={() => {
                setRunning(null);
                logout.mutate();
              }}
              data-testid="logout-confirm"
            >
              {t('examDay.logout.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
