import { sql } from 'drizzle-orm';
import { SITTING_LABEL_SEPARATOR } from '@shared/sitting-label.ts';
import { examPlans, sittings } from './schema.ts';
import type { Tables } from './store.ts';

type LabelTables = Pick<Tables, 'examPlans' | 'sittings'>;

/**
 * The sitting named with its plan (shared/sitting-label.ts) as one SQL expression, for every list the
 * server builds. Async-layer code passes `tablesOf(db)`; the default is SQLite's, for the synchronous features.
 */
export const sittingLabelSql = (t: LabelTables = { examPlans, sittings } as unknown as LabelTables) =>
  sql<string>`coalesce((select ${t.examPlans.title} from ${t.examPlans} where ${t.examPlans.id} = ${t.sittings.planId}) || ${SITTING_LABEL_SEPARATOR}, '') || ${t.sittings.name}`;
