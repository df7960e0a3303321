import { useState } from 'react';
import { Alert, Button, Fieldset, Group, PasswordInput, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { NEW_PASSWORD_MAX, NEW_PASSWORD_MIN } from '@shared/password.ts';
import type { SebSettings } from '@shared/seb.ts';
import { downloadSebFile } from '../../api/seb.ts';
import { ApiErrorAlert } from '../ApiErrorAlert.tsx';

/** The saved settings as a `.seb` file for the exam computers, plain or encrypted with a password typed here. */
export function SebFileDownload({ sittingId, settings, unsaved }: { sittingId: number; settings: SebSettings; unsaved: boolean }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const tooShort = password.length > 0 && password.length < NEW_PASSWORD_MIN;
  const download = useMutation({ mutationFn: () => downloadSebFile(sittingId, password ? { password } : {}) });
  const blocked = !settings.saved || unsaved;
  return (
    <Fieldset legend={t('seb.fileHeading')}>
      <Stack gap="xs">
        <Group align="flex-end">
          <PasswordInput
            label={t('seb.filePassword')}
            description={t('seb.filePasswordHint')}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={tooShort ? t('staffAccounts.passwordHint', { min: NEW_PASSWORD_MIN }) : undefined}
            maxLength={NEW_PASSWORD_MAX}
            autoComplete="new-password"
            style={{ flex: 1 }}
            data-testid="seb-file-password"
          />
          <Button onClick={() => download.mutate()} loading={download.isPending} disabled={blocked || tooShort} data-testid="seb-download">
            {t('seb.download')}
          </Button>
        </Group>
        {blocked && (
          <Text size="xs" c="dimmed">
            {t('seb.downloadNeedsSave')}
          </Text>
        )}
        {download.isError && <ApiErrorAlert error={download.error} testId="seb-download-error" />}
        {download.isSuccess && (
          <Alert color="green" variant="light" data-testid="seb-downloaded">
            {t('seb.downloaded', { name: download.data.fileName, key: download.data.configKey.slice(0, 12) })}
          </Alert>
        )}
      </Stack>
    </Fieldset>
  );
}
