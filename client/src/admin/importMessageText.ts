import type { MessageParams } from '@shared/errors.ts';

/** Words a key with values in the page's language; null when the table has no such key. */
export type Word = (key: string, params: MessageParams) => string | null;

/**
 * A report line's values with its `reason` worded: a document or item refused for a reason of the
 * importers' own carries that refusal's key and values (`reasonKey`, `reason:<name>`, server
 * formats/common.ts reasonParams), worded as the page words a refused file
 * (errors.detail.bankImport.<key>); otherwise `reason` stays the server's text.
 */
export function withWordedReason(params: MessageParams, word: Word): MessageParams {
  const { reasonKey } = params;
  if (typeof reasonKey !== 'string') return params;
  const values = Object.fromEntries(Object.entries(params).flatMap(([name, value]) => (name.startsWith('reason:') ? [[name.slice('reason:'.length), value]] : [])));
  const reason = word(`errors.detail.bankImport.${reasonKey}`, values);
  return reason === null ? params : { ...params, reason };
}
