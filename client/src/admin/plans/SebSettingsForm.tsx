import { useEffect, useState } from 'react';
import { Alert, Button, Checkbox, Fieldset, Group, NativeSelect, PasswordInput, SimpleGrid, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { NEW_PASSWORD_MAX } from '@shared/password.ts';
import { sebClipboardPolicies, type SebClipboardPolicy, type SebOptions, type SebSettings } from '@shared/seb.ts';
import { putSebSettings, sebSettingsQueryKey } from '../../api/seb.ts';
import { useIssueText } from '../../hooks/useIssueText.ts';
import { ApiErrorAlert } from '../ApiErrorAlert.tsx';
import { bodyOf, draftIssues, draftOf, isDirty, type SebDraft } from './sebDraft.ts';

type Props = { sittingId: number; settings: SebSettings; onDirtyChange: (dirty: boolean) => void };

/** Switches written under their option name; the label key is seb.<name>. */
const FEATURES = ['allowReload', 'allowSpellCheck', 'allowBackForward', 'allowZoom', 'allowRightMouse', 'allowPrint', 'allowDownloads', 'allowUploads', 'allowScreenCapture'] as const;

/** The options the exam office sets for SEB on its exam computers; checked with the server's schema before saving. */
export function SebSettingsForm({ sittingId, settings, onDirtyChange }: Props) {
  const { t } = useTranslation();
  const issueText = useIssueText();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<SebDraft>(() => draftOf(settings));
  const [checked, setChecked] = useState(false);
  const issues = checked ? draftIssues(draft) : new Map();
  const errorOf = (field: string) => (issues.has(field) ? issueText(issues.get(field)!) : undefined);
  const dirty = isDirty(draft, settings);
  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);

  const save = useMutation({
    mutationFn: () => putSebSettings(sittingId, bodyOf(draft)),
    onSuccess: (saved) => {
      queryClient.setQueryData(sebSettingsQueryKey(sittingId), saved);
      setDraft(draftOf(saved));
      setChecked(false);
    },
  });
  const setOption = <K extends keyof SebOptions>(name: K, value: SebOptions[K]) => setDraft((d) => ({ ...d, options: { ...d.options, [name]: value } }));

  function submit(e: React.FormEvent) {
    e.preventDefault();
    setChecked(true);
    if (draftIssues(draft).size === 0) save.mutate();
  }

  return (
    <form onSubmit={submit} noValidate data-testid="seb-form">
      <Stack gap="sm">
        <Switch label={t('seb.required')} description={t('seb.requiredHint')} checked={draft.required} onChange={(e) => setDraft({ ...draft, required: e.currentTarget.checked })} data-testid="seb-required" />
        <TextInput label={t('seb.startUrl')} description={t('seb.startUrlHint')} value={draft.options.startUrl} onChange={(e) => setOption('startUrl', e.currentTarget.value)} error={errorOf('options.startUrl')} required data-testid="seb-start-url" />
        <TextInput label={t('seb.quitUrl')} description={t('seb.quitUrlHint')} value={draft.options.quitUrl} onChange={(e) => setOption('quitUrl', e.currentTarget.value)} error={errorOf('options.quitUrl')} data-testid="seb-quit-url" />

        <Fieldset legend={t('seb.quitPassword')}>
          <Stack gap="xs">
            <Switch label={t('seb.allowQuit')} description={t('seb.allowQuitHint')} checked={draft.options.allowQuit} onChange={(e) => setOption('allowQuit', e.currentTarget.checked)} data-testid="seb-allow-quit" />
            <Text size="sm" data-testid="seb-quit-password-state">
              {settings.quitPasswordSet ? t('seb.quitPasswordSet') : t('seb.quitPasswordNotSet')}
            </Text>
            <PasswordInput
              label={t('seb.quitPasswordNew')}
              description={t('seb.quitPasswordStored')}
              value={draft.quitPassword}
              onChange={(e) => setDraft({ ...draft, quitPassword: e.currentTarget.value, removeQuitPassword: false })}
              error={errorOf('quitPassword')}
              maxLength={NEW_PASSWORD_MAX}
              autoComplete="new-password"
              disabled={draft.removeQuitPassword}
              data-testid="seb-quit-password"
            />
            {settings.quitPasswordSet && (
              <Checkbox label={t('seb.quitPasswordRemove')} checked={draft.removeQuitPassword} onChange={(e) => setDraft({ ...draft, removeQuitPassword: e.currentTarget.checked, quitPassword: '' })} data-testid="seb-quit-password-remove" />
            )}
          </Stack>
        </Fieldset>

        <Fieldset legend={t('seb.browserFeatures')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
            {FEATURES.map((name) => (
              <Checkbox key={name} label={t(`seb.${name}`)} checked={draft.options[name]} onChange={(e) => setOption(name, e.currentTarget.checked)} data-testid={`seb-${name}`} />
            ))}
          </SimpleGrid>
          <NativeSelect
            mt="xs"
            label={t('seb.clipboard')}
            value={draft.options.clipboard}
            onChange={(e) => setOption('clipboard', e.currentTarget.value as SebClipboardPolicy)}
            data={sebClipboardPolicies.map((p) => ({ value: p, label: t(`seb.clipboardOptions.${p}`) }))}
            data-testid="seb-clipboard"
          />
        </Fieldset>

        <Switch label={t('seb.urlFilter')} description={t('seb.urlFilterHint')} checked={draft.options.urlFilter} onChange={(e) => setOption('urlFilter', e.currentTarget.checked)} data-testid="seb-url-filter" />
        {draft.options.urlFilter && (
          <Textarea label={t('seb.urlFilterAllow')} description={t('seb.urlFilterAllowHint')} value={draft.urlFilterAllow} onChange={(e) => setDraft({ ...draft, urlFilterAllow: e.currentTarget.value })} error={errorOf('options.urlFilterAllow')} autosize minRows={2} data-testid="seb-url-filter-allow" />
        )}
        <Textarea label={t('seb.browserExamKeys')} description={t('seb.browserExamKeysHint')} value={draft.browserExamKeys} onChange={(e) => setDraft({ ...draft, browserExamKeys: e.currentTarget.value })} error={errorOf('browserExamKeys')} autosize minRows={2} ff="monospace" data-testid="seb-beks" />

        <Alert color="yellow" variant="light">
          <Text size="sm">{t('seb.changeWarning')}</Text>
        </Alert>
        {save.isError && <ApiErrorAlert error={save.error} testId="seb-save-error" />}
        {save.isSuccess && !dirty && (
          <Alert color="green" variant="light" data-testid="seb-saved">
            {t('seb.saved', { key: settings.configKey })}
          </Alert>
        )}
        <Group justify="space-between" align="flex-end">
          <Stack gap={0}>
            <Text size="xs" c="dimmed">
              {t('seb.configKey')} · {t('seb.configKeyHint')}
            </Text>
            <Text size="xs" ff="monospace" data-testid="seb-config-key">
              {settings.configKey}
            </Text>
          </Stack>
          <Button type="submit" loading={save.isPending} disabled={!dirty} data-testid="seb-save">
            {t('seb.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
