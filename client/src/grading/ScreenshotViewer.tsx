import { useEffect, useState } from 'react';
import { Button, Group, Image, Modal, ScrollArea, SimpleGrid, Stack, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ScreenshotMeta } from '@shared/grading.ts';
import { screenshotUrl } from '../api/grading.ts';

/** Thumbnails of a script's evidence; a click opens the viewer (full size, next/previous, keys). */
export function ScreenshotGallery({ shots }: { shots: ScreenshotMeta[] }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<number | null>(null);
  if (shots.length === 0) return <Text c="dimmed">{t('grading.noScreenshots')}</Text>;
  return (
    <>
      <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="xs">
        {shots.map((s, i) => (
          <UnstyledButton key={s.id} onClick={() => setOpen(i)} data-testid={`screenshot-thumb-${i + 1}`} aria-label={t('grading.screenshotAlt', { n: i + 1 })}>
            <Image src={screenshotUrl(s.id)} alt={t('grading.screenshotAlt', { n: i + 1 })} radius="sm" fit="contain" h={110} bg="gray.1" />
            {s.caption && (
              <Text size="xs" c="dimmed" truncate>
                {s.caption}
              </Text>
            )}
          </UnstyledButton>
        ))}
      </SimpleGrid>
      <Viewer shots={shots} index={open} onIndex={setOpen} />
    </>
  );
}

function Viewer({ shots, index, onIndex }: { shots: ScreenshotMeta[]; index: number | null; onIndex: (i: number | null) => void }) {
  const { t } = useTranslation();
  const [fullSize, setFullSize] = useState(false);
  const shot = index === null ? null : shots[index];
  const go = (delta: number) => index !== null && onIndex((index + delta + shots.length) % shots.length);

  useEffect(() => {
    if (index === null) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'ArrowRight') go(1);
      else if (e.key === 'ArrowLeft') go(-1);
      else if (e.key === 'z' || e.key === 'Z') setFullSize((v) => !v);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <Modal opened={shot !== null && shot !== undefined} onClose={() => onIndex(null)} size="90%" title={index !== null ? <span data-testid="viewer-title">{t('grading.viewer', { n: index + 1, total: shots.length })}</span> : ''}>
      {shot && (
        <Stack gap="xs">
          <Group justify="space-between">
            <Group gap="xs">
              <Button size="xs" variant="default" onClick={() => go(-1)} data-testid="viewer-prev">
                {t('grading.previous')}
              </Button>
              <Button size="xs" variant="default" onClick={() => go(1)} data-testid="viewer-next">
                {t('grading.next')}
              </Button>
              <Button size="xs" variant="light" onClick={() => setFullSize((v) => !v)} data-testid="viewer-zoom">
                {fullSize ? t('grading.zoomFit') : t('grading.zoomIn')}
              </Button>
            </Group>
            <Text size="xs" c="dimmed">
              {t('grading.keysHint')}
            </Text>
          </Group>
          <ScrollArea h="70vh">
            <img
              src={screenshotUrl(shot.id)}
              alt={t('grading.screenshotAlt', { n: (index ?? 0) + 1 })}
              data-testid="viewer-image"
              data-full-size={fullSize}
              width={fullSize ? shot.width : undefined}
              height={fullSize ? shot.height : undefined}
              style={fullSize ? { maxWidth: 'none' } : { maxWidth: '100%', maxHeight: '68vh', objectFit: 'contain', imageRendering: 'auto' }}
            />
          </ScrollArea>
          {shot.caption && <Text size="sm">{shot.caption}</Text>}
        </Stack>
      )}
    </Modal>
  );
}
