import { useState, type FormEvent } from 'react';
import { Button, Checkbox, Container, Group, NumberInput, Paper, Select, Stack, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Level } from '@shared/domain.ts';
import { zodIssuesOf, type ErrorIssue } from '@shared/errors.ts';
import { idNumberProblem } from '@shared/id-number.ts';
import { applicationBodySchema, educationLevelSchema, type ApplicationForm, type Certificate } from '@shared/registration.ts';
import { ApiErrorAlert } from '../admin/ApiErrorAlert.tsx';
import { ApiError } from '../api/http.ts';
import { fetchPlans, myApplicationsQueryKey, plansQueryKey, submitApplication } from '../api/registration.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { useFieldErrors } from '../hooks/useFieldErrors.ts';
import { useFormatDateTime } from '../hooks/useFormatDateTime.ts';
import { CertificatesInput } from './CertificatesInput.tsx';

const EMPTY: ApplicationForm = {
  name: '',
  idNumber: '',
  phone: '',
  education: { level: 'junior-college', major: '', school: '', graduationDate: null, graduatingThisYear: false },
  certificates: [],
  yearsOfWork: 0,
  professionalTechnical: false,
};

/** Request paths this form shows at a field; any other issue stays listed in the alert. */
const PLACED = /^(planId|level|form\.(name|idNumber|phone|yearsOfWork|education\.(level|major|school|graduationDate)|certificates\.\d+\.(kind|occupation|level|date)))$/;
const placed = (path: string) => PLACED.test(path);
const required = (path: string): ErrorIssue => ({ path, message: 'required', key: 'zod.required' });

/**
 * The form checked with the server's own schema before sending, its problems in the shape of the
 * server's 400 so both are shown alike: at their fields, worded from their keys.
 */
function checkApplication(planId: string | null, level: string | null, form: ApplicationForm): ApiError | null {
  const parsed = applicationBodySchema.safeParse({ planId: Number(planId), level: Number(level), form });
  const chosen = [...(planId ? [] : [required('planId')]), ...(level ? [] : [required('level')])];
  const issues = [...chosen, ...(parsed.success ? [] : zodIssuesOf(parsed.error).filter((i) => i.path !== 'planId' && i.path !== 'level'))];
  return issues.length === 0 ? null : new ApiError(400, 'BAD_REQUEST', 'Invalid input', undefined, issues, 'invalidInput');
}

/** The application (报名表): identity, education, certificates, work; eligibility is judged by the server. */
export default function NewApplicationPage() {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const plans = useQuery({ queryKey: plansQueryKey, queryFn: fetchPlans });
  const [planId, setPlanId] = useState<string | null>(null);
  const [level, setLevel] = useState<string | null>(null);
  const [form, setForm] = useState<ApplicationForm>(EMPTY);
  const [checked, setChecked] = useState<ApiError | null>(null);
  const submit = useMutation({
    mutationFn: () => submitApplication({ planId: Number(planId), level: Number(level) as Level, form }),
    onSuccess: (app) => {
      void queryClient.invalidateQueries({ queryKey: myApplicationsQueryKey });
      void navigate(`/apply/${app.id}`);
    },
  });
  const error = checked ?? (submit.isError ? submit.error : null);
  const fieldError = useFieldErrors(error);
  if (plans.isPending) return <PageLoader />;
  if (plans.isError) return <ErrorAlert error={plans.error} />;
  const plan = plans.data.find((p) => String(p.id) === planId);
  const set = <K extends keyof ApplicationForm>(key: K, value: ApplicationForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const setEdu = <K extends keyof ApplicationForm['education']>(key: K, value: ApplicationForm['education'][K]) => setForm((f) => ({ ...f, education: { ...f.education, [key]: value } }));
  const idInvalid = form.idNumber.length >= 18 && idNumberProblem(form.idNumber) !== null;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const problems = checkApplication(planId, level, form);
    setChecked(problems);
    if (!problems) submit.mutate();
  };

  return (
    <Container size="md" py="lg">
      {/* noValidate: the browser's own bubbles speak the browser's language; the page says it in the UI's. */}
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <Title order={2}>{t('registration.newApplication')}</Title>
          <Paper withBorder p="md">
            <Group grow align="flex-start">
              <Select
                label={t('registration.plan')}
                required
                data={plans.data.filter((p) => p.open).map((p) => ({ value: String(p.id), label: p.title }))}
                value={planId}
                onChange={(v) => {
                  setPlanId(v);
                  setLevel(null);
                }}
                description={plan ? t('registration.deadline', { at: formatDateTime(plan.registrationDeadline) }) : undefined}
                error={fieldError('planId')}
                data-testid="apply-plan"
              />
              <Select
                label={t('registration.level')}
                required
                disabled={!plan}
                data={(plan?.levels ?? []).map((l) => ({ value: String(l), label: t(`levels.${l}`) }))}
                value={level}
                onChange={setLevel}
                error={fieldError('level')}
                data-testid="apply-level"
              />
            </Group>
          </Paper>
          <Paper withBorder p="md">
            <Title order={3} size="h5" mb="xs">
              {t('registration.identity')}
            </Title>
            <Group grow align="flex-start">
              <TextInput label={t('registration.name')} required value={form.name} onChange={(e) => set('name', e.currentTarget.value)} error={fieldError('form.name')} data-testid="apply-name" />
              <TextInput
                label={t('registration.idNumber')}
                required
                maxLength={18}
                value={form.idNumber}
                onChange={(e) => set('idNumber', e.currentTarget.value.toUpperCase())}
                error={idInvalid ? t('registration.idNumberInvalid') : fieldError('form.idNumber')}
                data-testid="apply-id-number"
              />
              <TextInput label={t('registration.phone')} required value={form.phone} onChange={(e) => set('phone', e.currentTarget.value)} error={fieldError('form.phone')} data-testid="apply-phone" />
            </Group>
          </Paper>
          <Paper withBorder p="md">
            <Title order={3} size="h5" mb="xs">
              {t('registration.education')}
            </Title>
            <Stack gap="xs">
              <Group grow align="flex-start">
                <Select
                  label={t('registration.educationLevel')}
                  required
                  allowDeselect={false}
                  data={educationLevelSchema.options.map((l) => ({ value: l, label: t(`registration.educationLevels.${l}`) }))}
                  value={form.education.level}
                  onChange={(v) => v && setEdu('level', educationLevelSchema.parse(v))}
                  error={fieldError('form.education.level')}
                  data-testid="apply-education-level"
                />
                <TextInput label={t('registration.major')} required value={form.education.major} onChange={(e) => setEdu('major', e.currentTarget.value)} error={fieldError('form.education.major')} data-testid="apply-major" />
                <TextInput label={t('registration.school')} required value={form.education.school} onChange={(e) => setEdu('school', e.currentTarget.value)} error={fieldError('form.education.school')} data-testid="apply-school" />
              </Group>
              <Group align="flex-end">
                <TextInput
                  type="date"
                  label={t('registration.graduationDate')}
                  disabled={form.education.graduatingThisYear}
                  value={form.education.graduationDate ?? ''}
                  onChange={(e) => setEdu('graduationDate', e.currentTarget.value || null)}
                  error={fieldError('form.education.graduationDate')}
                  data-testid="apply-graduation-date"
                />
                <Checkbox
                  label={t('registration.graduatingThisYear')}
                  checked={form.education.graduatingThisYear}
                  onChange={(e) => setForm((f) => ({ ...f, education: { ...f.education, graduatingThisYear: e.currentTarget.checked, graduationDate: null } }))}
                  data-testid="apply-graduating"
                />
              </Group>
            </Stack>
          </Paper>
          <CertificatesInput value={form.certificates} onChange={(c: Certificate[]) => set('certificates', c)} errorOf={(i, field) => fieldError(`form.certificates.${i}.${field}`)} />
          <Paper withBorder p="md">
            <Stack gap="xs">
              <NumberInput label={t('registration.yearsOfWork')} min={0} max={60} decimalScale={1} value={form.yearsOfWork} onChange={(v) => set('yearsOfWork', typeof v === 'number' ? v : 0)} error={fieldError('form.yearsOfWork')} data-testid="apply-years" />
              <Checkbox label={t('registration.professionalTechnical')} checked={form.professionalTechnical} onChange={(e) => set('professionalTechnical', e.currentTarget.checked)} />
            </Stack>
          </Paper>
          {error && <ApiErrorAlert error={error} placed={placed} testId="apply-error" />}
          <Button type="submit" loading={submit.isPending} data-testid="apply-submit">
            {t('registration.submit')}
          </Button>
        </Stack>
      </form>
    </Container>
  );
}
