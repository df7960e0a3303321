import { createOptionIds, type OptionIds } from './option-ids.ts';

/**
 * Option ids (option-ids.ts) on a secret that is read from the database: `ready()` reads it once and
 * must be awaited before `optionIds` maps anything inside a transaction, whose body cannot wait for
 * the root db.
 */
export function optionIdsOnSecret(secret: () => Promise<Buffer>): { optionIds: OptionIds; ready: () => Promise<void> } {
  let key: Buffer | null = null;
  const optionIds = createOptionIds(() => {
    if (!key) throw new Error('the option-ids secret was not read before use (await ready() first)');
    return key;
  });
  return {
    optionIds,
    ready: async () => {
      key ??= await secret();
    },
  };
}
