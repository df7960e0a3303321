import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { knowledgeAreas, type KnowledgeArea } from '@shared/bank.ts';

export const KNOWLEDGE_AREAS = Object.keys(knowledgeAreas) as KnowledgeArea[];

function isKnowledgeArea(value: string): value is KnowledgeArea {
  return Object.hasOwn(knowledgeAreas, value);
}

/** Knowledge-area names come with the bank format (zh/en), not from the translation files. */
export function useKnowledgeAreas() {
  const { i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  return useMemo(
    () => ({
      name: (area: string) => (isKnowledgeArea(area) ? knowledgeAreas[area][lang] : area),
      options: KNOWLEDGE_AREAS.map((area) => ({ value: area, label: knowledgeAreas[area][lang] })),
    }),
    [lang],
  );
}
