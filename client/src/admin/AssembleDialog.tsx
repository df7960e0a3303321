import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

interface Props {
  opened: boolean;
  /** What will be assembled, already worded: part, bank, blueprint, seed. */
  partLabel: string;
  details: { label: string; value: string }[];
  pending: boolean;
  onConfirm: () => void;
  onClose: () => void;
}

export function AssembleDialog({ opened, partLabel, details, pending, onConfirm, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('papers.confirmTitle')} centered>
      <Stack>
        <Text>{t('papers.confirmBody', { part: partLabel })}</Text>
        <Stack gap={2}>
          {details.map((d) => (
            <Text key={d.label} size="sm">
              {t('app.labelValue', d)}
            </Text>
          ))}
        </Stack>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={pending}>
            {t('app.cancel')}
          </Button>
          <Button data-testid="assemble-confirm" loading={pending} onClick={onConfirm}>
            {t('papers.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
