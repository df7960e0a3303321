/**
 * How a sitting is named wherever sittings are listed: with its plan, "2026年6月 网络与信息安全管理员 · 四级 第1场",
 * since two plans may each have a "四级 第1场". The server's lists build the same label in SQL
 * (server/src/core/db/sitting-label.ts); pages that hold the plan's title and the sitting's name apart use this.
 */
export const SITTING_LABEL_SEPARATOR = ' · ';

export const sittingLabel = (planTitle: string | null | undefined, sittingName: string): string => (planTitle ? `${planTitle}${SITTING_LABEL_SEPARATOR}${sittingName}` : sittingName);
