import type { KnowledgeArea } from '@shared/bank.ts';
import type { Blueprint } from '@shared/blueprint.ts';
import type { ItemType, Level, MultiRule, PartKind } from '@shared/domain.ts';

/** A blueprint being edited: sections carry a key for React and allow half-typed numbers. */
export interface DraftSection {
  key: number;
  type: ItemType;
  area: KnowledgeArea | null;
  count: number | '';
  points: number | '';
}

export interface DraftBlueprint {
  id?: string;
  title?: string;
  level: Level;
  part: PartKind;
  multiRule: MultiRule;
  sections: DraftSection[];
}

let nextKey = 1;

export function newSection(): DraftSection {
  return { key: nextKey++, type: 'single', area: null, count: 1, points: 1 };
}

export function toDraft(blueprint: Blueprint): DraftBlueprint {
  return {
    id: blueprint.id,
    title: blueprint.title,
    level: blueprint.level,
    part: blueprint.part ?? 'theory',
    multiRule: blueprint.multiRule ?? 'all-or-nothing',
    sections: blueprint.sections.map((s) => ({ key: nextKey++, type: s.type, area: s.area ?? null, count: s.count, points: s.points })),
  };
}

export const countError = (count: number | '') => count === '' || !Number.isInteger(count) || count < 1 || count > 500;
export const pointsError = (points: number | '') => points === '' || points <= 0 || points > 100;

export function isComplete(draft: DraftBlueprint): boolean {
  return draft.sections.length > 0 && draft.sections.every((s) => !countError(s.count) && !pointsError(s.points));
}

/** The body the server takes; call only when isComplete(). */
export function fromDraft(draft: DraftBlueprint): Blueprint {
  return {
    ...(draft.id ? { id: draft.id } : {}),
    ...(draft.title ? { title: draft.title } : {}),
    level: draft.level,
    part: draft.part,
    multiRule: draft.multiRule,
    sections: draft.sections.map((s) => ({ type: s.type, ...(s.area ? { area: s.area } : {}), count: Number(s.count), points: Number(s.points) })),
  };
}

/** Rounded to cents like the server, so 0.1-point sections still add up to exactly 100. */
export function totals(draft: DraftBlueprint): { points: number; items: number } {
  let points = 0;
  let items = 0;
  for (const s of draft.sections) {
    const count = s.count === '' ? 0 : s.count;
    points += count * (s.points === '' ? 0 : s.points);
    items += count;
  }
  return { points: Math.round(points * 100) / 100, items };
}
