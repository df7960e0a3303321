import { useState } from 'react';
import { Badge, Button, FileButton, Group, Image, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { SeatedCandidate } from '@shared/planning.ts';
import { officePhotoUrl, uploadCandidatePhoto } from '../../api/candidatePhotos.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

/**
 * Whether the candidate has a photo for the identity check, and the office's upload or replacement
 * of it (PNG or JPEG, checked by content on the server). Looking at it is a deliberate click: every view is audited.
 */
export function PhotoCell({ candidate }: { candidate: SeatedCandidate }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [viewing, setViewing] = useState(false);
  // A new URL after each upload, so the dialog never shows the replaced photo from the browser's cache.
  const [version, setVersion] = useState(0);
  const mutation = useMutation({
    mutationFn: (file: File) => uploadCandidatePhoto(candidate.id, file),
    onSuccess: async () => {
      setVersion((v) => v + 1);
      await queryClient.invalidateQueries({ queryKey: ['admin', 'plans'] });
    },
  });
  const tid = `photo-${candidate.ticketNo}`;
  return (
    <Stack gap={4}>
      <Group gap="xs" wrap="nowrap">
        <Badge variant="light" color={candidate.hasPhoto ? 'green' : 'gray'} data-testid={`${tid}-state`}>
          {t(candidate.hasPhoto ? 'planning.hasPhoto' : 'planning.noPhoto')}
        </Badge>
        {candidate.hasPhoto && (
          <Button size="compact-xs" variant="subtle" onClick={() => setViewing(true)} data-testid={`${tid}-view`}>
            {t('planning.viewPhoto')}
          </Button>
        )}
        <FileButton accept="image/png,image/jpeg" onChange={(file) => file && mutation.mutate(file)}>
          {(props) => (
            <Button {...props} size="compact-xs" variant="subtle" loading={mutation.isPending} aria-label={t(candidate.hasPhoto ? 'planning.replacePhotoOf' : 'planning.uploadPhotoOf', { name: candidate.name })} data-testid={`${tid}-upload`}>
              {t(candidate.hasPhoto ? 'planning.replacePhoto' : 'planning.uploadPhoto')}
            </Button>
          )}
        </FileButton>
      </Group>
      {mutation.isError && <ErrorAlert error={mutation.error} testId={`${tid}-error`} />}
      {mutation.isSuccess && (
        <Text size="xs" c="green" role="status" data-testid={`${tid}-saved`}>
          {t('planning.photoSaved')}
        </Text>
      )}
      <Modal opened={viewing} onClose={() => setViewing(false)} title={`${candidate.name} · ${candidate.ticketNo}`}>
        <Stack gap="xs">
          <Image src={`${officePhotoUrl(candidate.id)}?v=${version}`} alt={t('identity.photoAlt', { name: candidate.name })} h={320} w="auto" fit="contain" data-testid={`${tid}-image`} />
          <Text size="xs" c="dimmed">
            {t('identity.privacy')}
          </Text>
        </Stack>
      </Modal>
    </Stack>
  );
}
