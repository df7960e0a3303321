import type { Level } from '@shared/domain.ts';
import type { EducationLevel } from '@shared/registration.ts';

/**
 * The notice's 报考条件 (section 四) as data. A rule is met when every requirement is; a level is
 * open to an applicant who meets any one of its rules. Where the notice joins two cases with "或"
 * inside one numbered condition, they are two rules with the same clause.
 */
export type Requirement =
  /** A skill certificate of this or a related occupation at `level` or higher (a lower number). */
  | { kind: 'certificate'; level: Level }
  /** 预备技师证书 from a technician college. */
  | { kind: 'preparatory-technician-certificate' }
  /** A diploma at one of these levels; `relatedMajor` when the major must be on the list; `graduatingCounts` for 应届毕业生. */
  | { kind: 'education'; levels: readonly EducationLevel[]; relatedMajor: boolean; graduatingCounts: boolean }
  /** Cumulative work in the occupation after the certificate the rule names, in full years (含). */
  | { kind: 'work-after-certificate'; years: number };

export type EligibilityRule = {
  id: string;
  level: Level;
  clauseZh: string;
  clauseEn: string;
  summaryZh: string;
  summaryEn: string;
  requirements: readonly Requirement[];
};

const COLLEGE_OR_HIGHER: readonly EducationLevel[] = ['higher-vocational', 'junior-college', 'vocational-bachelor', 'bachelor', 'postgraduate'];
const TECHNICAL_SCHOOLS: readonly EducationLevel[] = ['senior-technical-school', 'technician-college'];
const SENIOR_SKILL_VOCATIONAL: readonly EducationLevel[] = ['higher-vocational', 'vocational-bachelor'];

export const ELIGIBILITY_RULES: readonly EligibilityRule[] = [
  {
    id: 'L3-1',
    level: 3,
    clauseZh: '三级 条件(一)',
    clauseEn: 'Level 3 condition (1)',
    summaryZh: '四级证书后工作满4年',
    summaryEn: 'level-4 certificate, then 4 years of work',
    requirements: [{ kind: 'certificate', level: 4 }, { kind: 'work-after-certificate', years: 4 }],
  },
  {
    id: 'L3-2a',
    level: 3,
    clauseZh: '三级 条件(二)',
    clauseEn: 'Level 3 condition (2)',
    summaryZh: '四级证书 + 高级技工学校/技师学院毕业（含应届）',
    summaryEn: 'level-4 certificate + senior technical school / technician college diploma (graduating students count)',
    requirements: [{ kind: 'certificate', level: 4 }, { kind: 'education', levels: TECHNICAL_SCHOOLS, relatedMajor: false, graduatingCounts: true }],
  },
  {
    id: 'L3-2b',
    level: 3,
    clauseZh: '三级 条件(二)',
    clauseEn: 'Level 3 condition (2)',
    summaryZh: '四级证书 + 高等职业学校相关专业毕业（含应届）',
    summaryEn: 'level-4 certificate + higher vocational diploma in a related major (graduating students count)',
    requirements: [{ kind: 'certificate', level: 4 }, { kind: 'education', levels: SENIOR_SKILL_VOCATIONAL, relatedMajor: true, graduatingCounts: true }],
  },
  {
    id: 'L3-3',
    level: 3,
    clauseZh: '三级 条件(三)',
    clauseEn: 'Level 3 condition (3)',
    summaryZh: '大专及以上相关专业 + 四级证书后工作满2年',
    summaryEn: 'college diploma or higher in a related major + level-4 certificate, then 2 years of work',
    requirements: [
      { kind: 'education', levels: COLLEGE_OR_HIGHER, relatedMajor: true, graduatingCounts: false },
      { kind: 'certificate', level: 4 },
      { kind: 'work-after-certificate', years: 2 },
    ],
  },
  {
    id: 'L2-1',
    level: 2,
    clauseZh: '二级 条件(一)',
    clauseEn: 'Level 2 condition (1)',
    summaryZh: '三级证书后工作满4年',
    summaryEn: 'level-3 certificate, then 4 years of work',
    requirements: [{ kind: 'certificate', level: 3 }, { kind: 'work-after-certificate', years: 4 }],
  },
  {
    id: 'L2-2a',
    level: 2,
    clauseZh: '二级 条件(二)',
    clauseEn: 'Level 2 condition (2)',
    summaryZh: '三级证书 + 高级技工学校/技师学院毕业，工作满3年',
    summaryEn: 'level-3 certificate as a senior technical school / technician college graduate, then 3 years of work',
    requirements: [
      { kind: 'certificate', level: 3 },
      { kind: 'education', levels: TECHNICAL_SCHOOLS, relatedMajor: false, graduatingCounts: false },
      { kind: 'work-after-certificate', years: 3 },
    ],
  },
  {
    id: 'L2-2b',
    level: 2,
    clauseZh: '二级 条件(二)',
    clauseEn: 'Level 2 condition (2)',
    summaryZh: '预备技师证书 + 技师学院毕业，工作满2年',
    summaryEn: 'preparatory-technician certificate as a technician college graduate, then 2 years of work',
    requirements: [
      { kind: 'preparatory-technician-certificate' },
      { kind: 'education', levels: ['technician-college'], relatedMajor: false, graduatingCounts: false },
      { kind: 'work-after-certificate', years: 2 },
    ],
  },
  {
    id: 'L1-1',
    level: 1,
    clauseZh: '一级 条件',
    clauseEn: 'Level 1 condition',
    summaryZh: '二级证书后工作满4年',
    summaryEn: 'level-2 certificate, then 4 years of work',
    requirements: [{ kind: 'certificate', level: 2 }, { kind: 'work-after-certificate', years: 4 }],
  },
];
