import { Button, Checkbox, Group, Paper, Select, Stack, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { levelSchema } from '@shared/domain.ts';
import { certificateKindSchema, type Certificate } from '@shared/registration.ts';

const NEW_CERTIFICATE: Certificate = { kind: 'skill', occupation: '网络与信息安全管理员', level: 4, date: '', sameOrRelatedOccupation: true };

/** The certificates held: a short editable list; `errorOf` gives a field's problem (the form's shared field errors). */
export function CertificatesInput({ value, onChange, errorOf }: { value: Certificate[]; onChange: (c: Certificate[]) => void; errorOf?: (index: number, field: keyof Certificate) => string | undefined }) {
  const { t } = useTranslation();
  const update = (i: number, patch: Partial<Certificate>) => onChange(value.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={3} size="h5">
            {t('registration.certificates')}
          </Title>
          <Button size="xs" variant="light" onClick={() => onChange([...value, NEW_CERTIFICATE])} disabled={value.length >= 10} data-testid="add-certificate">
            {t('registration.addCertificate')}
          </Button>
        </Group>
        {value.map((c, i) => (
          <Group key={i} align="flex-end" wrap="wrap" data-testid={`certificate-${i}`}>
            <Select
              label={t('registration.certKind')}
              allowDeselect={false}
              data={certificateKindSchema.options.map((k) => ({ value: k, label: t(`registration.certKinds.${k}`) }))}
              value={c.kind}
              onChange={(v) => v && update(i, { kind: certificateKindSchema.parse(v) })}
              error={errorOf?.(i, 'kind')}
            />
            <TextInput label={t('registration.certOccupation')} value={c.occupation} onChange={(e) => update(i, { occupation: e.currentTarget.value })} error={errorOf?.(i, 'occupation')} data-testid={`certificate-${i}-occupation`} />
            <Select
              label={t('registration.certLevel')}
              w={140}
              allowDeselect={false}
              disabled={c.kind !== 'skill'}
              data={([4, 3, 2, 1] as const).map((l) => ({ value: String(l), label: t(`levels.${l}`) }))}
              value={String(c.level)}
              onChange={(v) => v && update(i, { level: levelSchema.parse(Number(v)) })}
              error={errorOf?.(i, 'level')}
              data-testid={`certificate-${i}-level`}
            />
            <TextInput type="date" label={t('registration.certDate')} required value={c.date} onChange={(e) => update(i, { date: e.currentTarget.value })} error={errorOf?.(i, 'date')} data-testid={`certificate-${i}-date`} />
            <Checkbox label={t('registration.certRelated')} checked={c.sameOrRelatedOccupation} onChange={(e) => update(i, { sameOrRelatedOccupation: e.currentTarget.checked })} />
            <Button variant="subtle" color="red" onClick={() => onChange(value.filter((_, j) => j !== i))}>
              {t('registration.remove')}
            </Button>
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}
