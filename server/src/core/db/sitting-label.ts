import { sql } from 'drizzle-orm';
import { examPlans, sittings } from './schema.ts';

/**
 * How a sitting is named wherever sittings are listed: with its plan, "2026年6月 网络与信息安全管理员 · 四级 第1场",
 * since two plans may each have a "四级 第1场". One SQL expression for every list.
 */
export const SITTING_LABEL_SEPARATOR = ' · ';
export const sittingLabelSql = () =>
  sql<string>`coalesce((select ${examPlans.title} from ${examPlans} where ${examPlans.id} = ${sittings.planId}) || ${SITTING_LABEL_SEPARATOR}, '') || ${sittings.name}`;
