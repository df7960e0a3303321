import { useState } from 'react';
import { Alert, Button, Grid, Group, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { SittingPartSummary } from '@shared/api.ts';
import { blueprintFitProblems, type Blueprint } from '@shared/blueprint.ts';
import { fetchParts, partsQueryKey } from '../api/admin.ts';
import { useAssemblePaper, useBanks, useBlueprints, useCheckBlueprint } from '../api/banks.ts';
import { ApiError } from '../api/http.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { ApiErrorAlert } from '../admin/ApiErrorAlert.tsx';
import { AssembleDialog } from '../admin/AssembleDialog.tsx';
import { AssembleResult } from '../admin/AssembleResult.tsx';
import { BlueprintCheckResult } from '../admin/BlueprintCheckResult.tsx';
import { BlueprintEditor } from '../admin/BlueprintEditor.tsx';
import { fromDraft, isComplete, toDraft, totals, type DraftBlueprint } from '../admin/blueprintDraft.ts';

const sameBlueprint = (a: DraftBlueprint, b: Blueprint) => JSON.stringify(fromDraft(a)) === JSON.stringify(fromDraft(toDraft(b)));

export default function PapersPage() {
  const { t } = useTranslation();
  const parts = useQuery({ queryKey: partsQueryKey, queryFn: fetchParts });
  const banks = useBanks();
  const blueprints = useBlueprints();
  const check = useCheckBlueprint();
  const assemble = useAssemblePaper();

  const [partId, setPartId] = useState<number | null>(null);
  const [bankId, setBankId] = useState<number | null>(null);
  // Shipped blueprints need not have an id, so they are picked by position.
  const [blueprintIndex, setBlueprintIndex] = useState<number | null>(null);
  const [draft, setDraft] = useState<DraftBlueprint | null>(null);
  const [seed, setSeed] = useState('');
  const [confirming, setConfirming] = useState(false);

  const theoryParts = (parts.data ?? []).filter((p) => p.kind === 'theory');
  const part = theoryParts.find((p) => p.sittingPartId === partId) ?? null;
  const bank = banks.data?.find((b) => b.id === bankId) ?? null;
  const shipped = blueprintIndex === null ? null : (blueprints.data?.[blueprintIndex] ?? null);
  const complete = draft !== null && isComplete(draft);
  const total = draft ? totals(draft) : null;
  const canAssemble = part !== null && bank !== null && complete && total?.points === 100;

  // Only blueprints for this part and level are offered (the server checks and assembles by the same rule).
  const fits = (b: Blueprint) => part === null || blueprintFitProblems(b, { kind: part.kind, level: part.level }).length === 0;
  const offered = (blueprints.data ?? []).map((b, index) => ({ b, index })).filter(({ b }) => fits(b));
  const partLabel = (p: SittingPartSummary) => t('papers.partOption', { sitting: p.sittingName, level: t(`levels.${p.level}`) });
  const blueprintLabel = (b: Blueprint, index: number) => t('papers.blueprintOption', { title: b.title ?? b.id ?? `#${index + 1}`, level: t(`levels.${b.level}`) });

  // A check answers for one bank and one blueprint: any change makes it stale.
  function changeDraft(next: DraftBlueprint | null) {
    setDraft(next);
    check.reset();
  }

  function chooseBlueprint(index: number | null) {
    setBlueprintIndex(index);
    const chosen = index === null ? undefined : blueprints.data?.[index];
    changeDraft(chosen ? toDraft(chosen) : null);
  }

  function choosePart(id: number | null) {
    setPartId(id);
    assemble.reset();
    const chosen = theoryParts.find((p) => p.sittingPartId === id);
    // Offer the shipped blueprint for the part's level; the admin can still pick another.
    const current = blueprintIndex === null ? undefined : blueprints.data?.[blueprintIndex];
    if (chosen && (!current || blueprintFitProblems(current, { kind: chosen.kind, level: chosen.level }).length > 0)) {
      const index = blueprints.data?.findIndex((b) => blueprintFitProblems(b, { kind: chosen.kind, level: chosen.level }).length === 0) ?? -1;
      chooseBlueprint(index >= 0 ? index : null);
    }
  }

  function runAssemble() {
    if (!part || !bank || !draft) return;
    assemble.mutate(
      { sittingPartId: part.sittingPartId, bankId: bank.id, blueprint: fromDraft(draft), seed: seed.trim() || undefined },
      { onSettled: () => setConfirming(false) },
    );
  }

  const loadError = parts.error ?? banks.error ?? blueprints.error;
  if (loadError) return <ErrorAlert error={loadError} />;

  return (
    <Stack>
      <Title order={2}>{t('papers.title')}</Title>
      <Paper withBorder p="md">
        <Grid>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Select
              label={t('papers.part')}
              placeholder={t('papers.partPlaceholder')}
              nothingFoundMessage={t('papers.noParts')}
              data={theoryParts.map((p) => ({ value: String(p.sittingPartId), label: partLabel(p) }))}
              value={partId === null ? null : String(partId)}
              onChange={(value) => choosePart(value === null ? null : Number(value))}
              disabled={parts.isPending}
              data-testid="paper-part"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Select
              label={t('papers.bank')}
              placeholder={t('papers.bankPlaceholder')}
              nothingFoundMessage={t('papers.noBanks')}
              data={(banks.data ?? []).map((b) => ({ value: String(b.id), label: t('papers.bankOption', { title: b.title, version: b.version, n: b.items }) }))}
              value={bankId === null ? null : String(bankId)}
              onChange={(value) => {
                setBankId(value === null ? null : Number(value));
                check.reset();
              }}
              disabled={banks.isPending}
              data-testid="paper-bank"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Select
              label={t('papers.blueprint')}
              placeholder={t('papers.blueprintPlaceholder')}
              data={offered.map(({ b, index }) => ({ value: String(index), label: blueprintLabel(b, index) }))}
              nothingFoundMessage={t('papers.noFittingBlueprint')}
              value={blueprintIndex === null ? null : String(blueprintIndex)}
              onChange={(value) => chooseBlueprint(value === null ? null : Number(value))}
              disabled={blueprints.isPending}
              data-testid="paper-blueprint"
            />
          </Grid.Col>
        </Grid>
      </Paper>

      {draft && (
        <Paper withBorder p="md">
          <Stack gap="sm">
            {shipped && !sameBlueprint(draft, shipped) && (
              <Group justify="space-between">
                <Text size="sm" c="dimmed" data-testid="blueprint-edited">
                  {t('papers.blueprintEdited')}
                </Text>
                <Button size="xs" variant="subtle" onClick={() => changeDraft(toDraft(shipped))} data-testid="blueprint-reset">
                  {t('papers.reset')}
                </Button>
              </Group>
            )}
            {part && part.level !== draft.level && (
              <Alert color="orange" variant="light" data-testid="blueprint-level-mismatch">
                {t('papers.levelMismatch', { blueprint: t(`levels.${draft.level}`), part: t(`levels.${part.level}`) })}
              </Alert>
            )}
            <BlueprintEditor value={draft} onChange={changeDraft} />
            <Group>
              <Button
                variant="default"
                disabled={bank === null || !complete}
                loading={check.isPending}
                onClick={() => bank && draft && check.mutate({ bankId: bank.id, blueprint: fromDraft(draft), ...(part ? { sittingPartId: part.sittingPartId } : {}) })}
                data-testid="check-blueprint"
              >
                {t('papers.check')}
              </Button>
            </Group>
            {check.isSuccess && <BlueprintCheckResult result={check.data} />}
            {check.isError && <ApiErrorAlert error={check.error} testId="check-error" />}
          </Stack>
        </Paper>
      )}

      <Paper withBorder p="md">
        <Stack gap="sm">
          <TextInput
            label={t('papers.seed')}
            description={t('papers.seedHint')}
            value={seed}
            onChange={(e) => setSeed(e.currentTarget.value)}
            maxLength={64}
            maw={420}
            data-testid="paper-seed"
          />
          <Group>
            <Button disabled={!canAssemble} onClick={() => setConfirming(true)} data-testid="assemble-paper">
              {t('papers.assemble')}
            </Button>
            {(part === null || bank === null || draft === null) && (
              <Text size="sm" c="dimmed">
                {t('papers.needSelection')}
              </Text>
            )}
          </Group>
          {assemble.isSuccess && <AssembleResult paper={assemble.data} />}
          {assemble.isError &&
            (assemble.error instanceof ApiError && assemble.error.status === 409 ? (
              // Not "reload and try again": once candidates have started, no retry can succeed.
              <Alert color="red" variant="light" role="alert" data-testid="assemble-error" data-status={409}>
                {t('papers.started')}
              </Alert>
            ) : (
              <ApiErrorAlert error={assemble.error} testId="assemble-error" />
            ))}
        </Stack>
      </Paper>

      {part && bank && draft && total && (
        <AssembleDialog
          opened={confirming}
          partLabel={partLabel(part)}
          details={[
            { label: t('papers.bank'), value: bank.title },
            { label: t('papers.blueprint'), value: draft.title ?? t(`levels.${draft.level}`) },
            { label: t('papers.total'), value: t('papers.totalValue', { points: total.points, n: total.items }) },
            ...(seed.trim() ? [{ label: t('papers.resultSeed'), value: seed.trim() }] : []),
          ]}
          pending={assemble.isPending}
          onConfirm={runAssemble}
          onClose={() => setConfirming(false)}
        />
      )}
    </Stack>
  );
}
