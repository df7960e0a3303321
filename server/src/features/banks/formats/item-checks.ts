import type { BankItem } from '@shared/bank.ts';
import type { ImportMessage } from './types.ts';

/**
 * Doubts about an item that imported cleanly, whatever its format: options a candidate cannot tell
 * apart, and a reference answer that is an option id or generated identifier rather than text
 * (a sign the exporter wrote its key, not the answer).
 */

// Case stays: "chage -m" and "chage -M" are different answers.
const sameText = (s: string) => s.normalize('NFKC').replace(/\s+/g, ' ').trim();
const letter = (i: number) => String.fromCharCode(65 + i);

// "A", "B,C", "choice_2", "answer1", "RESPONSE_1", a UUID or long hex id.
const IDENTIFIER = /^(?:[A-H](?:\s*[,、，]\s*[A-H])*|(?:choice|answer|option|response|resp|ans|item|opt|id)[\s_-]?\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{16,})$/i;

export function itemDoubts(item: BankItem): ImportMessage[] {
  const out: ImportMessage[] = [];
  if (item.type === 'single' || item.type === 'multi') {
    const seen = new Map<string, number>();
    const twins = new Set<string>();
    item.options.forEach((o, i) => {
      const first = seen.get(sameText(o.text));
      if (first === undefined) seen.set(sameText(o.text), i);
      else twins.add(`${letter(first)}=${letter(i)}`);
    });
    if (twins.size > 0) out.push({ key: 'item.identicalOptions', params: { options: [...twins].join(', ') } });
  }
  if (item.type === 'short-answer' && item.referenceAnswer && IDENTIFIER.test(item.referenceAnswer.trim())) {
    out.push({ key: 'item.referenceIsIdentifier', params: { answer: item.referenceAnswer.trim().slice(0, 60) } });
  }
  return out;
}
