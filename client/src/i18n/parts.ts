/**
 * The string tables (zh-CN.ts, en.ts) stay whole for the people who write them and for the types;
 * the build cuts each in two (client/strings-plugin.ts): the `candidate` part every page loads
 * first, and the `office` part only the staff and applicant pages load. The candidate's exam page
 * then carries no strings of pages an exam-room computer never opens.
 *
 * Sections go to the office part only when listed here, so a new section is on every page until
 * someone moves it: a missing string on the exam page is worse than a few hundred bytes.
 */
export const OFFICE_SECTIONS: readonly string[] = [
  'accommodations',
  'admin',
  'adminNav',
  'audit',
  'bank',
  'bankImport',
  'banks',
  'grading',
  'identity',
  'importFormats',
  'importMessages',
  'importReport',
  'importStatus',
  'itemDetail',
  'lateSyncConsole',
  'levelsShort',
  'multiRules',
  'papers',
  'planning',
  'plans',
  'proctor',
  'registration',
  'review',
  'seb',
  'staffAccounts',
  'staffing',
  'ticket',
  // Server errors of the office features and the names of their form fields.
  'errors.detail.accommodation',
  'errors.detail.bank',
  'errors.detail.bankImport',
  // Documents are uploaded by applicants (the registration pages), never on an exam-room computer.
  'errors.detail.document',
  'errors.detail.grading',
  'errors.detail.identity',
  'errors.detail.paper',
  'errors.detail.plan',
  'errors.detail.proctor',
  'errors.detail.registration',
  'errors.detail.results',
  'errors.detail.resultsRelease',
  'errors.detail.marking',
  'errors.detail.paperFit',
  'errors.detail.applicationDocs',
  'errors.detail.review',
  'errors.detail.staff',
  'errors.detail.staffing',
  'errors.detail.ticket',
  'errors.field',
];

/** Inside office sections, what candidate pages show: the exam page's proctor notices, the login page's link. */
export const CANDIDATE_EXCEPTIONS: readonly string[] = ['proctor.candidate', 'proctor.incident', 'registration.entry'];

export type StringTable = { [key: string]: string | StringTable };
export type Parts = { candidate: StringTable; office: StringTable };

const isTable = (value: unknown): value is StringTable => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Cuts a table in two by the lists above; every string lands in exactly one part. */
export function splitStrings(table: StringTable, office: readonly string[] = OFFICE_SECTIONS, exceptions: readonly string[] = CANDIDATE_EXCEPTIONS): Parts {
  const candidate: StringTable = {};
  const officePart: StringTable = {};
  const walk = (from: StringTable, path: string, toCandidate: StringTable, toOffice: StringTable, inOffice: boolean) => {
    for (const [key, value] of Object.entries(from)) {
      const at = path ? `${path}.${key}` : key;
      const officeHere = (inOffice || office.includes(at)) && !exceptions.includes(at);
      const splitsBelow = isTable(value) && [...office, ...exceptions].some((p) => p.startsWith(`${at}.`));
      if (!splitsBelow) {
        (officeHere ? toOffice : toCandidate)[key] = value;
        continue;
      }
      const c: StringTable = {};
      const o: StringTable = {};
      walk(value as StringTable, at, c, o, officeHere);
      if (Object.keys(c).length > 0) toCandidate[key] = c;
      if (Object.keys(o).length > 0) toOffice[key] = o;
    }
  };
  walk(table, '', candidate, officePart, false);
  return { candidate, office: officePart };
}

/** The two parts back together (i18next's deep addResourceBundle does the same at run time). */
export function mergeStrings(into: StringTable, from: StringTable): StringTable {
  const out: StringTable = { ...into };
  for (const [key, value] of Object.entries(from)) {
    const existing = out[key];
    out[key] = isTable(existing) && isTable(value) ? mergeStrings(existing, value) : value;
  }
  return out;
}
