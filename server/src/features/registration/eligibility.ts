import type { Level } from '@shared/domain.ts';
import type { ApplicationForm, Certificate, ConditionResult, RequirementResult, Verdict } from '@shared/registration.ts';
import { ELIGIBILITY_RULES, type EligibilityRule, type Requirement } from './eligibility-rules.ts';
import { isRelatedMajor } from './related-majors.ts';

/**
 * The eligibility engine: pure functions over the rules (data) and an application. Work "after the
 * certificate" is the declared years of work capped by the full years since the certificate date,
 * since no one can have worked longer after a certificate than the time since it was issued.
 */

/** The calendar date of an instant as YYYY-MM-DD in the exam centre's zone (EXAM_TIME_ZONE), where the notice's dates live. */
export function calendarDate(at: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Whole years from one YYYY-MM-DD to another; the anniversary itself counts (含). */
export function fullYearsBetween(from: string, to: string): number {
  const [y1, m1, d1] = from.split('-').map(Number) as [number, number, number];
  const [y2, m2, d2] = to.split('-').map(Number) as [number, number, number];
  const beforeAnniversary = m2 < m1 || (m2 === m1 && d2 < d1);
  return Math.max(0, y2 - y1 - (beforeAnniversary ? 1 : 0));
}

type Context = { form: ApplicationForm; today: string; relatedMajor: (major: string) => boolean };

/** Certificates that satisfy a requirement, earliest first (the longest time to have worked since). */
function qualifyingCertificates(req: Requirement, ctx: Context): Certificate[] {
  const fits = (c: Certificate) => {
    if (!c.sameOrRelatedOccupation || c.date > ctx.today) return false;
    if (req.kind === 'certificate') return c.kind === 'skill' && c.level <= req.level;
    if (req.kind === 'preparatory-technician-certificate') return c.kind === 'preparatory-technician';
    return false;
  };
  return ctx.form.certificates.filter(fits).sort((a, b) => a.date.localeCompare(b.date));
}

function checkEducation(req: Extract<Requirement, { kind: 'education' }>, ctx: Context): RequirementResult {
  const e = ctx.form.education;
  const params = { levels: req.levels.join(','), major: e.major, educationLevel: e.level };
  if (!req.levels.includes(e.level)) return { code: 'education.level', met: false, params };
  if (req.relatedMajor && !ctx.relatedMajor(e.major)) return { code: 'education.major', met: false, params };
  const graduated = !e.graduatingThisYear && e.graduationDate !== null && e.graduationDate <= ctx.today;
  if (!graduated && !(req.graduatingCounts && e.graduatingThisYear)) return { code: 'education.graduated', met: false, params };
  return { code: req.relatedMajor ? 'education.related' : 'education', met: true, params };
}

function evaluateRule(rule: EligibilityRule, ctx: Context): ConditionResult {
  let certificate: Certificate | undefined;
  const requirements = rule.requirements.map((req): RequirementResult => {
    switch (req.kind) {
      case 'certificate':
      case 'preparatory-technician-certificate': {
        certificate = qualifyingCertificates(req, ctx)[0];
        const params: Record<string, number | string> = req.kind === 'certificate' ? { level: req.level } : {};
        return { code: req.kind, met: certificate !== undefined, params: certificate ? { ...params, date: certificate.date } : params };
      }
      case 'education':
        return checkEducation(req, ctx);
      case 'work-after-certificate': {
        const counted = certificate ? Math.min(ctx.form.yearsOfWork, fullYearsBetween(certificate.date, ctx.today)) : 0;
        return { code: req.kind, met: counted >= req.years, params: { years: req.years, counted } };
      }
    }
  });
  return {
    ruleId: rule.id,
    labelZh: `${rule.clauseZh}: ${rule.summaryZh}`,
    labelEn: `${rule.clauseEn}: ${rule.summaryEn}`,
    met: requirements.every((r) => r.met),
    requirements,
  };
}

export function evaluateEligibility(
  form: ApplicationForm,
  level: Level,
  at: number,
  opts: { timeZone: string; rules?: readonly EligibilityRule[]; relatedMajor?: (major: string) => boolean },
): Verdict {
  const ctx: Context = { form, today: calendarDate(at, opts.timeZone), relatedMajor: opts.relatedMajor ?? isRelatedMajor };
  const rules = (opts.rules ?? ELIGIBILITY_RULES).filter((r) => r.level === level);
  const conditions = rules.map((r) => evaluateRule(r, ctx));
  const met = conditions.find((c) => c.met) ?? null;
  // The notice lists no conditions for level 4: anyone may apply.
  if (rules.length === 0) return { outcome: 'eligible', level, met: null, conditions, reviewReasons: [], evaluatedAt: at };
  if (met) return { outcome: 'eligible', level, met, conditions, reviewReasons: [], evaluatedAt: at };
  if (form.professionalTechnical) return { outcome: 'manual_review', level, met: null, conditions, reviewReasons: ['professional-technical'], evaluatedAt: at };
  return { outcome: 'ineligible', level, met: null, conditions, reviewReasons: [], evaluatedAt: at };
}
