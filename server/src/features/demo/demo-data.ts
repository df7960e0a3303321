/** The demo exam: identical on every fresh start, and listed in the README. */
export const DEMO_STAFF = [
  { role: 'admin', login: 'admin', password: 'admin123', displayName: '考务管理员 (demo)' },
  { role: 'proctor', login: 'proctor', password: 'proctor123', displayName: '监考员 (demo)' },
  { role: 'grader', login: 'grader', password: 'grader123', displayName: '阅卷员 (demo)' },
] as const;

export const DEMO_CANDIDATE_PASSWORD = 'demo123';
export const DEMO_CANDIDATES = [
  { ticketNo: '2026040101', name: '张伟', seat: '01' },
  { ticketNo: '2026040102', name: '李娜', seat: '02' },
  { ticketNo: '2026040103', name: '王芳', seat: '03' },
  { ticketNo: '2026040104', name: '刘洋', seat: '04' },
  { ticketNo: '2026040105', name: '陈静', seat: '05' },
] as const;

/**
 * Demo candidates whose theory part is ended and scored and whose skills part is submitted with
 * answers and screenshots, so graders have scripts to mark right after start-up.
 */
export const DEMO_GRADING_CANDIDATES = [
  { ticketNo: '2026040106', name: '赵磊', seat: '06', wrongEvery: 4 },
  { ticketNo: '2026040107', name: '孙丽', seat: '07', wrongEvery: 2 },
  { ticketNo: '2026040108', name: '周强', seat: '08', wrongEvery: 7 },
] as const;

/**
 * Demo candidates with planned accommodations (seat 09: 25 % extra time on theory, 15 minutes on
 * skills, large print, screen reader), and two more who sit the accessibility e2e tests.
 */
export const DEMO_ACCESSIBILITY_CANDIDATES = [
  { ticketNo: '2026040109', name: '吴敏', seat: '09' },
  { ticketNo: '2026040110', name: '郑浩', seat: '10' },
  { ticketNo: '2026040111', name: '冯雪', seat: '11' },
] as const;

export const DEMO_ROOM = '第1考场';
export const DEMO_ROOM_SEATS = 30;

/** Registration (报名) on the demo: a plan open for applications, rooms to seat the approved. */
export const DEMO_OPEN_PLAN_TITLE = '下一期 网络与信息安全管理员 职业技能等级认定（报名中）';
export const DEMO_OPEN_PLAN_ROOMS = [
  { name: '第1考场', seats: 30 },
  { name: '第2考场', seats: 30 },
];
export const DEMO_BANK_FILE = 'nsa-demo.yaml';
export const DEMO_PAPER_SEED = 'demo-2026-l4-theory';

export const DEMO_BLUEPRINT_FILE = 'l4-theory.yaml';
export const DEMO_SKILLS_BLUEPRINT_FILE = 'l4-skills.yaml';
export const DEMO_SKILLS_PAPER_SEED = 'demo-2026-l4-skills';

export const LEVEL_NAMES = [
  { level: 4, nameZh: '四级/中级工', nameEn: 'Level 4 / intermediate worker' },
  { level: 3, nameZh: '三级/高级工', nameEn: 'Level 3 / senior worker' },
  { level: 2, nameZh: '二级/技师', nameEn: 'Level 2 / technician' },
  { level: 1, nameZh: '一级/高级技师', nameEn: 'Level 1 / senior technician' },
] as const;
