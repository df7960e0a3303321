import { importMessagesEn } from '../../client/src/i18n/importMessages.en.ts';
import type { ImportMessage } from '../../server/src/features/banks/formats/types.ts';

/**
 * A report line as the English UI words it (importMessages.<key> with its values filled in), so
 * importer tests read as sentences and fail when a line's key has no wording.
 */
export function english(message: ImportMessage): string {
  const text = message.key.split('.').reduce<unknown>((node, k) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[k] : undefined), importMessagesEn);
  if (typeof text !== 'string') throw new Error(`no English wording for importMessages.${message.key}`);
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(message.params?.[name] ?? `{{${name}}}`));
}

/** The lines of one report entry, in English. */
export const said = (entry: { messages: ImportMessage[] }) => entry.messages.map(english);
