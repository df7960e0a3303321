import { useState, type ComponentPropsWithoutRef, type FormEvent } from 'react';
import { Button, FileInput, Grid, Group, MultiSelect, NumberInput, Paper, Progress, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { KnowledgeArea } from '@shared/bank.ts';
import type { ImportFormat, ImportJob } from '@shared/banks-api.ts';
import type { Level } from '@shared/domain.ts';
import { IMPORT_EXTENSIONS, IMPORT_FORMATS, MAX_IMPORT_BYTES, type useImportBank } from '../api/banks.ts';
import { useKnowledgeAreas } from '../hooks/useKnowledgeAreas.ts';
import { ApiErrorAlert } from './ApiErrorAlert.tsx';
import { formatBytes } from './formatBytes.ts';

const AUTO = 'auto';
const ID_PREFIX = /^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$/;
const LEVELS = ['4', '3', '2', '1'] as const;

export function BankImportForm({ importer }: { importer: ReturnType<typeof useImportBank> }) {
  const { t, i18n } = useTranslation();
  const areas = useKnowledgeAreas();
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<string>(AUTO);
  const [idPrefix, setIdPrefix] = useState('IMP');
  const [levels, setLevels] = useState<string[]>(['4', '3']);
  const [area, setArea] = useState<KnowledgeArea>('network-basics');
  const [difficulty, setDifficulty] = useState<number>(3);
  const [title, setTitle] = useState('');
  const [typeCodes, setTypeCodes] = useState('');
  const [submitted, setSubmitted] = useState(false);

  const fileError =
    file === null
      ? submitted
        ? t('bankImport.fileRequired')
        : null
      : file.size > MAX_IMPORT_BYTES
        ? t('bankImport.fileTooLarge', { size: formatBytes(file.size, i18n.language), max: formatBytes(MAX_IMPORT_BYTES, i18n.language) })
        : file.size === 0
          ? t('bankImport.fileEmpty')
          : null;
  const prefixError = ID_PREFIX.test(idPrefix.trim()) ? null : t('bankImport.idPrefixInvalid');
  const levelsError = levels.length === 0 ? t('bankImport.levelsRequired') : null;
  const uploading = importer.isPending;
  const percent = Math.round((importer.progress ?? 0) * 100);

  /** What the server's import worker is doing, once the upload is through. */
  function stageText(job: ImportJob | null): string {
    const stage = job?.progress.stage;
    if (stage === 'items' && job) return t('bankImport.stageDocuments', { done: job.progress.done + 1, total: job.progress.total });
    if (stage === 'saving') return t('bankImport.stageSaving');
    if (stage === 'reading') return t('bankImport.stageReading');
    return t('bankImport.processing');
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (!file || fileError || prefixError || levelsError) return;
    importer.mutate({
      file,
      settings: {
        format: format === AUTO ? undefined : (format as ImportFormat),
        idPrefix: idPrefix.trim(),
        levels: levels.map((l) => Number(l) as Level),
        area,
        difficulty,
        title: title.trim() || undefined,
        typeCodes: typeCodes.trim() || undefined,
      },
    });
  }

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} noValidate data-testid="import-form">
      <Stack>
        <Title order={3} size="h4">
          {t('bankImport.title')}
        </Title>
        <FileInput
          label={t('bankImport.file')}
          placeholder={t('bankImport.filePlaceholder', { extensions: IMPORT_EXTENSIONS.join(' ') })}
          accept={IMPORT_EXTENSIONS.join(',')}
          value={file}
          onChange={(value) => {
            setFile(value);
            importer.reset();
          }}
          clearable
          withAsterisk
          error={fileError}
          disabled={uploading}
          data-testid="import-file"
          fileInputProps={{ 'data-testid': 'import-file-input' } as ComponentPropsWithoutRef<'input'>}
        />
        <Grid>
          <Grid.Col span={{ base: 12, sm: 6, md: 4 }}>
            <Select
              label={t('bankImport.format')}
              data={[{ value: AUTO, label: t('bankImport.formatAuto') }, ...IMPORT_FORMATS.map((f) => ({ value: f, label: t(`importFormats.${f}`) }))]}
              value={format}
              onChange={(value) => setFormat(value ?? AUTO)}
              allowDeselect={false}
              disabled={uploading}
              data-testid="import-format"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, md: 4 }}>
            <TextInput
              label={t('bankImport.idPrefix')}
              description={t('bankImport.idPrefixHint')}
              value={idPrefix}
              onChange={(e) => setIdPrefix(e.currentTarget.value)}
              error={prefixError}
              maxLength={16}
              disabled={uploading}
              data-testid="import-id-prefix"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, md: 4 }}>
            <TextInput
              label={t('bankImport.bankTitle')}
              placeholder={t('bankImport.bankTitlePlaceholder')}
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
              maxLength={200}
              disabled={uploading}
              data-testid="import-title"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, md: 4 }}>
            <MultiSelect
              label={t('bankImport.levels')}
              data={LEVELS.map((l) => ({ value: l, label: t(`levels.${l}`) }))}
              value={levels}
              onChange={setLevels}
              error={levelsError}
              disabled={uploading}
              data-testid="import-levels"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, md: 4 }}>
            <Select
              label={t('bankImport.area')}
              data={areas.options}
              value={area}
              onChange={(value) => value && setArea(value as KnowledgeArea)}
              allowDeselect={false}
              disabled={uploading}
              data-testid="import-area"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, md: 4 }}>
            <NumberInput
              label={t('bankImport.difficulty')}
              value={difficulty}
              onChange={(value) => setDifficulty(typeof value === 'number' ? value : 3)}
              min={1}
              max={5}
              step={1}
              allowDecimal={false}
              allowNegative={false}
              clampBehavior="strict"
              disabled={uploading}
              data-testid="import-difficulty"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, md: 4 }}>
            <TextInput
              label={t('bankImport.typeCodes')}
              description={t('bankImport.typeCodesHint')}
              placeholder="0=单选,1=多选,2=判断"
              value={typeCodes}
              onChange={(e) => setTypeCodes(e.currentTarget.value)}
              maxLength={400}
              disabled={uploading}
              data-testid="import-type-codes"
            />
          </Grid.Col>
        </Grid>
        <Text size="xs" c="dimmed">
          {t('bankImport.defaultsNote')}
        </Text>
        {importer.progress !== null && (
          <Stack gap={4}>
            <Progress
              value={percent}
              color={importer.isError ? 'red' : importer.isSuccess ? 'teal' : undefined}
              animated={uploading && percent >= 100}
              striped={uploading && percent >= 100}
              aria-label={t('bankImport.progress')}
              data-testid="import-progress"
              data-percent={percent}
            />
            <Group justify="space-between" wrap="nowrap">
              <Text size="sm" c="dimmed" aria-live="polite" data-testid="import-stage">
                {importer.isError
                  ? t('bankImport.failed')
                  : importer.isSuccess
                    ? t('bankImport.done')
                    : percent >= 100
                      ? stageText(importer.job)
                      : t('bankImport.uploading', { percent })}
              </Text>
              {uploading && importer.job?.state === 'running' && (
                <Button size="xs" variant="subtle" color="red" onClick={importer.cancel} data-testid="import-cancel">
                  {t('bankImport.cancel')}
                </Button>
              )}
            </Group>
          </Stack>
        )}
        {importer.isError && <ApiErrorAlert error={importer.error} testId="import-error" />}
        <Group justify="flex-end">
          <Button type="submit" loading={uploading} disabled={fileError !== null} data-testid="import-submit">
            {t('bankImport.submit')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
