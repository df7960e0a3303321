import { createOptionIds, type OptionIds, type OptionIdsVersion } from './option-ids.ts';

/** The derivation a session's ids use, as stored with it (a version this code does not know is refused, not guessed). */
export function optionIdsVersionOf(session: { id: number; optionIdsVersion: number }): OptionIdsVersion {
  if (session.optionIdsVersion === 1 || session.optionIdsVersion === 2) return session.optionIdsVersion;
  throw new Error(`session ${session.id}: option ids version ${session.optionIdsVersion} is newer than this server`);
}

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
