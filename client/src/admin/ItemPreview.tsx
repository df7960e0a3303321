import { useState } from 'react';
import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CandidateItem } from '@shared/events.ts';
import { ItemView } from '../exam/ItemView.tsx';

/**
 * The exam page's own item component, so the admin sees exactly what a candidate gets (and only
 * that: the preview carries no key). Choices stay local and are never sent anywhere.
 */
export function ItemPreview({ preview }: { preview: CandidateItem }) {
  const { t } = useTranslation();
  const [choices, setChoices] = useState<string[]>([]);
  return (
    <Stack gap="xs">
      <div data-testid="item-preview">
        <ItemView item={preview} answer={{ choices, flagged: false }} onChoose={setChoices} />
      </div>
      <Text size="xs" c="dimmed">
        {preview.options.length === 0 ? t('itemDetail.previewNoOptions') : t('itemDetail.previewNote')}
      </Text>
    </Stack>
  );
}
