import { useState } from 'react';
import { Anchor, Button, FileInput, Group, List, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { documentKindSchema, type ApplicationDocument, type DocumentKind } from '@shared/registration.ts';
import { removeDocument, uploadDocument } from '../api/registration.ts';
import { formatBytes } from '../admin/formatBytes.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';

/** Supporting documents: listed for everyone who may see them, uploadable by the applicant while open. */
export function DocumentsPanel(props: { documents: ApplicationDocument[]; urlOf: (docId: number) => string; upload?: { applicationId: number; invalidate: readonly unknown[] } }) {
  const { t, i18n } = useTranslation();
  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Title order={3} size="h5">
          {t('registration.documents')}
        </Title>
        {props.documents.length === 0 ? (
          <Text c="dimmed">{t('registration.noDocuments')}</Text>
        ) : (
          <List data-testid="documents">
            {props.documents.map((d) => (
              <List.Item key={d.id}>
                <Anchor href={props.urlOf(d.id)} target="_blank" rel="noopener">
                  {t(`registration.documentKinds.${d.kind}`)}: {d.fileName}
                </Anchor>{' '}
                <Text span size="xs" c="dimmed">
                  {d.mimeType} · {formatBytes(d.bytes, i18n.language)}
                </Text>
                {props.upload && <RemoveButton applicationId={props.upload.applicationId} invalidate={props.upload.invalidate} doc={d} />}
              </List.Item>
            ))}
          </List>
        )}
        {props.upload && <UploadForm applicationId={props.upload.applicationId} invalidate={props.upload.invalidate} />}
      </Stack>
    </Paper>
  );
}

/** Before review, the applicant may take a document back (a wrong file, a wrong type). */
function RemoveButton({ applicationId, invalidate, doc }: { applicationId: number; invalidate: readonly unknown[]; doc: ApplicationDocument }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => removeDocument(applicationId, doc.id),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: invalidate }),
  });
  return (
    <>
      <Button size="compact-xs" variant="subtle" color="red" loading={remove.isPending} onClick={() => remove.mutate()} aria-label={t('registration.removeDocumentLabel', { name: doc.fileName })} data-testid={`document-remove-${doc.id}`}>
        {t('registration.removeDocument')}
      </Button>
      {remove.isError && <ErrorAlert error={remove.error} testId="document-remove-error" />}
    </>
  );
}

function UploadForm({ applicationId, invalidate }: { applicationId: number; invalidate: readonly unknown[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  // No default: the applicant says what each document is.
  const [kind, setKind] = useState<DocumentKind | null>(null);
  const [tried, setTried] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const upload = useMutation({
    mutationFn: ({ f, k }: { f: File; k: DocumentKind }) => uploadDocument(applicationId, k, f),
    onSuccess: () => {
      setFile(null);
      setKind(null);
      setTried(false);
      void queryClient.invalidateQueries({ queryKey: invalidate });
    },
  });
  return (
    <Stack gap="xs">
      <Group align="flex-end">
        <Select
          label={t('registration.documentKind')}
          placeholder={t('registration.documentKindPlaceholder')}
          required
          allowDeselect={false}
          data={documentKindSchema.options.map((k) => ({ value: k, label: t(`registration.documentKinds.${k}`) }))}
          value={kind}
          onChange={(v) => v && setKind(documentKindSchema.parse(v))}
          error={tried && kind === null ? t('registration.documentKindRequired') : undefined}
          data-testid="document-kind"
        />
        <FileInput label={t('registration.chooseFile')} accept="application/pdf,image/png,image/jpeg" value={file} onChange={setFile} clearable w={320} data-testid="document-file" />
        <Button
          disabled={!file}
          loading={upload.isPending}
          onClick={() => {
            setTried(true);
            if (file && kind) upload.mutate({ f: file, k: kind });
          }}
          data-testid="document-upload"
        >
          {t('registration.upload')}
        </Button>
      </Group>
      {upload.isError && <ErrorAlert error={upload.error} testId="document-error" />}
    </Stack>
  );
}
