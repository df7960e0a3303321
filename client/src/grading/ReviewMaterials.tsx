import { Button, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { fetchReviewMaterials, reviewDocumentUrl } from '../api/grading.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { DocumentsPanel } from '../registration/DocumentsPanel.tsx';
import { FormSummary } from '../registration/FormSummary.tsx';
import { VerdictView } from '../registration/VerdictView.tsx';

/** The candidate's application materials, which the panel reviews before the oral defence. */
export function ReviewMaterials({ panelId, candidateId, ticketNo }: { panelId: number; candidateId: number; ticketNo: string }) {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  const materials = useQuery({ queryKey: ['review', 'materials', panelId, candidateId], queryFn: () => fetchReviewMaterials(panelId, candidateId), enabled: opened });
  const application = materials.data?.application;
  return (
    <>
      <Button size="compact-xs" variant="light" onClick={open} data-testid={`review-materials-${ticketNo}`}>
        {t('grading.review.materials')}
      </Button>
      <Modal opened={opened} onClose={close} size="xl" title={t('grading.review.materialsTitle', { ticketNo })}>
        {materials.isPending ? (
          <PageLoader />
        ) : materials.isError ? (
          <ErrorAlert error={materials.error} />
        ) : application ? (
          <Stack>
            <FormSummary form={application.form} />
            <VerdictView verdict={application.verdict} />
            <DocumentsPanel documents={application.documents} urlOf={(docId) => reviewDocumentUrl(panelId, candidateId, docId)} />
          </Stack>
        ) : (
          <Text c="dimmed">{t('grading.review.noMaterials')}</Text>
        )}
      </Modal>
    </>
  );
}
