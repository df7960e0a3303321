import { useState } from 'react';
import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Media } from '@shared/bank.ts';
import type { CandidateItem } from '@shared/events.ts';
import { ItemView } from '../exam/ItemView.tsx';

/**
 * The exam page's own item component, so the admin sees exactly what a candidate gets (and only
 * that: the preview carries no key). Choices stay local and are never sent anywhere.
 */
export function ItemPreview({ preview, media = [] }: { preview: CandidateItem; media?: Media[] }) {
  const { t } = useTranslation();
  const [choices, setChoices] = useState<string[]>([]);
  // The admin has the item's images already: data: URLs (raster only, as the bank schema allows).
  const mediaUrl = (name: string) => {
    const m = media.find((x) => x.name === name);
    return m ? `data:${m.mimeType};base64,${m.base64.replace(/\s+/g, '')}` : undefined;
  };
  return (
    <Stack gap="xs">
      <div data-testid="item-preview">
        <ItemView item={preview} answer={{ choices, flagged: false }} onChoose={setChoices} media={mediaUrl} />
      </div>
      <Text size="xs" c="dimmed">
        {preview.options.length === 0 ? t('itemDetail.previewNoOptions') : t('itemDetail.previewNote')}
      </Text>
    </Stack>
  );
}
