// The seams between server features (docs/cluster.md §4, issue #16): a feature imports core/,
// shared/, its own folder and other features' *types*; whatever it needs of another feature at
// run time is a port handed in at wiring (server/src/app.ts). So converting a feature to the async
// data layer stays a change inside one folder.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';

const root = path.dirname(fileURLToPath(import.meta.url));
const featuresDir = path.join(root, 'server/src/features');

/**
 * Pure modules (no tables, no state) that other features may import as values: rules and formats
 * that are one truth for several features. Candidates to move to core/ or shared/; a module that
 * reads tables never belongs here.
 */
export const PUBLISHED = [
  'auth/passwords.ts',
  'banks/formats/text-decoding.ts',
  'banks/formats/xlsx-reader.ts',
  'banks/formats/zip.ts',
  'exam/ordering.ts',
  'exam/responses.ts',
  'exam/scoring.ts',
  'exam/session-view.ts',
  'grading/rules.ts',
  'papers/assemble.ts',
  'planning/seating.ts',
  'staff/active-staff.ts',
];

/** The composition roots inside features/: the demo seeder assembles several features, as app.ts does. */
const ROOTS = ['demo'];

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A relative import that climbs out of feature `name` into another feature (any depth of file). */
function foreignFeature(name, depth) {
  const allowed = [`${escape(name)}(/|$)`, ...PUBLISHED.map((p) => `${escape(p)}$`)].join('|');
  return `^(\\.\\./){${depth + 1}}(?!${allowed})[^./][^/]*(/|$)`;
}

function boundaryFor(name) {
  const message = `features/${name} imports only core/, shared/, its own folder and other features' types: take what another feature does as a port handed in at wiring (server/src/app.ts).`;
  return [0, 1, 2].map((depth) => ({
    files: [`server/src/features/${name}/${'*/'.repeat(depth)}*.ts`],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: foreignFeature(name, depth), allowTypeImports: true, message },
            { regex: `(^|/)features/(?!${escape(name)}/)`, allowTypeImports: true, message },
          ],
        },
      ],
    },
  }));
}

const features = fs
  .readdirSync(featuresDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !ROOTS.includes(d.name))
  .map((d) => d.name);

/** The dependency rule alone (no type information needed): also what the rule's own test lints with. */
export const featureBoundaries = [
  {
    files: ['server/src/**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    // Directives written for rules this config does not run are not mistakes.
    linterOptions: { reportUnusedDisableDirectives: 'off' },
  },
  ...features.flatMap(boundaryFor),
  {
    files: ['server/src/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)features/', message: 'core/ is below every feature: it imports none of them (not even types).' }] }],
    },
  },
];

/**
 * A forgotten `await` is the mistake the async conversion invites. Type-aware lint took 2 min 49 s
 * wall (38 s CPU) on the shared 2-core machine, too slow for every `npm test`: run it with
 * `npm run lint:promises` when converting a feature.
 */
const floatingPromises = {
  files: ['server/src/**/*.ts'],
  languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: root } },
  rules: { '@typescript-eslint/no-floating-promises': 'error' },
};

export default process.env.KAOCHANG_LINT_PROMISES ? [...featureBoundaries, floatingPromises] : featureBoundaries;
