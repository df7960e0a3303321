import { Divider, Drawer, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useBankItem } from '../api/banks.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { ItemKey } from './ItemKey.tsx';
import { ItemPreview } from './ItemPreview.tsx';

interface Props {
  bankId: number;
  itemId: number | null;
  onClose: () => void;
}

export function ItemDrawer({ bankId, itemId, onClose }: Props) {
  const { t } = useTranslation();
  const detail = useBankItem(bankId, itemId);
  const data = itemId !== null ? detail.data : undefined;

  return (
    <Drawer
      opened={itemId !== null}
      onClose={onClose}
      position="right"
      size="xl"
      title={data ? t('itemDetail.title', { key: data.item.id }) : t('app.loading')}
      data-testid="item-drawer"
    >
      {itemId !== null &&
        (detail.isPending ? (
          <PageLoader />
        ) : detail.isError ? (
          <ErrorAlert error={detail.error} />
        ) : (
          <Stack>
            <Title order={3} size="h5">
              {t('itemDetail.preview')}
            </Title>
            {/* Keyed so a fresh preview starts with nothing chosen. */}
            <ItemPreview key={detail.data.preview.id} preview={detail.data.preview} media={detail.data.item.media} />
            <Divider />
            <Title order={3} size="h5">
              {t('itemDetail.key')}
            </Title>
            <ItemKey item={detail.data.item} preview={detail.data.preview} />
          </Stack>
        ))}
    </Drawer>
  );
}
