import { sql } from 'drizzle-orm';
import { SITTING_LABEL_SEPARATOR } from '@shared/sitting-label.ts';
import { examPlans, sittings } from './schema.ts';

/** The sitting named with its plan (shared/sitting-label.ts) as one SQL expression, for every list the server builds. */
export const sittingLabelSql = () =>
  sql<string>`coalesce((select ${examPlans.title} from ${examPlans} where ${examPlans.id} = ${sittings.planId}) || ${SITTING_LABEL_SEPARATOR}, '') || ${sittings.name}`;
