import { z } from 'zod';
import { defaultSebOptions, sebOptionsSchema, type SebOptions, type SebSettings, type sebSettingsBodySchema } from '@shared/seb.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/store.ts';
import type { MaybePromise } from '../../core/maybe-promise.ts';
import { localCacheBus, type CacheBus } from '../../core/cache-bus.ts';
import { NotFoundError, StateError } from '../../core/errors.ts';
import { appendAudit } from '../../core/audit.ts';
import { configKeyOf } from './config-key.ts';
import type { SebPolicy } from './request-check.ts';
import { createSebDal, type SebSettingsRow } from './seb-dal.ts';
import { sebFile } from './seb-file.ts';
import { plistXml, sebPasswordHash, sebPlist } from './seb-plist.ts';

export type SebDeps = {
  db: Db;
  clock: Clock;
  /** Port to planning (which owns sittings): whether a sitting exists. */
  sittingExists: (sittingId: number) => MaybePromise<boolean>;
  /**
   * How long a sitting's policy is kept before it is read again. A save forgets it at once on this
   * node and, through the cache bus, on the others; this bounds it when a bus message was lost.
   */
  policyTtlMs?: number;
  /** Tells every node's policy cache of a save (core/cache-bus.ts). */
  cacheBus?: CacheBus;
  /** Wall time for that cache (tests move it); not the exam clock, which a rehearsal moves. */
  wallNow?: () => number;
};

type SavedSettings = { required: boolean; options: SebOptions; hashedQuitPassword: string | null; browserExamKeys: string[] };
type SettingsBody = z.output<typeof sebSettingsBodySchema>;

const keysSchema = z.array(z.string());
const POLICY_TOPIC = 'seb.policy';

/**
 * SEB settings of sittings: read and saved by the exam office (audited), turned into the `.seb`
 * file, and, for a sitting that requires SEB, into the policy the guard checks requests against.
 */
export function createSebService({ db, clock, sittingExists, policyTtlMs = 5_000, wallNow = Date.now, cacheBus = localCacheBus() }: SebDeps) {
  const dal = createSebDal(db);
  // Policies are read on every checked request of a candidate and change only through update(): kept a while.
  const policies = new Map<number, { policy: Promise<SebPolicy | null>; until: number }>();
  cacheBus.on(POLICY_TOPIC, (sittingId) => (sittingId === null ? policies.clear() : policies.delete(sittingId)));

  async function assertSitting(sittingId: number): Promise<void> {
    if (!(await sittingExists(sittingId))) throw new NotFoundError('No such sitting', { key: 'seb.sittingNotFound' });
  }

  function saved(row: SebSettingsRow): SavedSettings {
    return {
      required: row.required,
      options: sebOptionsSchema.parse(JSON.parse(row.optionsJson)),
      hashedQuitPassword: row.hashedQuitPassword,
      browserExamKeys: keysSchema.parse(JSON.parse(row.browserExamKeysJson)),
    };
  }

  const configKey = (s: Pick<SavedSettings, 'options' | 'hashedQuitPassword'>) => configKeyOf(sebPlist(s.options, s.hashedQuitPassword));

  function view(sittingId: number, row: SebSettingsRow | undefined, defaultStartUrl: string): SebSettings {
    const s = row ? saved(row) : { required: false, options: defaultSebOptions(defaultStartUrl), hashedQuitPassword: null, browserExamKeys: [] };
    return {
      sittingId,
      required: s.required,
      options: s.options,
      quitPasswordSet: s.hashedQuitPassword !== null,
      browserExamKeys: s.browserExamKeys,
      configKey: configKey(s),
      saved: row !== undefined,
      updatedAt: row?.updatedAt ?? null,
    };
  }

  async function savedOrRefuse(sittingId: number): Promise<SavedSettings> {
    await assertSitting(sittingId);
    const row = await dal.find(sittingId);
    if (!row) throw new StateError('CONFLICT', 'Save the SEB settings of this sitting first', { key: 'seb.notSaved' });
    return saved(row);
  }

  return {
    /** `defaultStartUrl`: the login page as the admin's browser reaches the server, offered until saved. */
    async settings(sittingId: number, defaultStartUrl: string): Promise<SebSettings> {
      await assertSitting(sittingId);
      return view(sittingId, await dal.find(sittingId), defaultStartUrl);
    },

    async update(actorUserId: number, sittingId: number, body: SettingsBody): Promise<SebSettings> {
      await assertSitting(sittingId);
      const now = clock.now();
      const row = await db.transaction(async (tx) => {
        const txDal = createSebDal(tx);
        const beforeRow = await txDal.findForUpdate(sittingId);
        const before = beforeRow ? saved(beforeRow) : null;
        const hashedQuitPassword = body.quitPassword === undefined ? (before?.hashedQuitPassword ?? null) : body.quitPassword === null ? null : sebPasswordHash(body.quitPassword);
        const after: SavedSettings = { required: body.required, options: body.options, hashedQuitPassword, browserExamKeys: [...new Set(body.browserExamKeys)] };
        const next: SebSettingsRow = {
          sittingId,
          required: after.required,
          optionsJson: JSON.stringify(after.options),
          hashedQuitPassword,
          browserExamKeysJson: JSON.stringify(after.browserExamKeys),
          updatedAt: now,
          updatedBy: actorUserId,
        };
        await txDal.save(next);
        await appendAudit(tx, { at: now, actorUserId, action: 'seb.settings_saved', entity: 'sitting', entityId: sittingId, details: changes(before, after, configKey) });
        return next;
      });
      cacheBus.changed(POLICY_TOPIC, sittingId);
      return view(sittingId, row, body.options.startUrl);
    },

    /** The `.seb` file for the exam computers, encrypted when a password is given; every download is audited. */
    async configFile(actorUserId: number, sittingId: number, password?: string): Promise<{ file: Buffer; fileName: string; configKey: string }> {
      const s = await savedOrRefuse(sittingId);
      const settings = sebPlist(s.options, s.hashedQuitPassword);
      const file = await sebFile(plistXml(settings), password);
      const key = configKeyOf(settings);
      await appendAudit(db, { at: clock.now(), actorUserId, action: 'seb.file_downloaded', entity: 'sitting', entityId: sittingId, details: { encrypted: password !== undefined, configKey: key } });
      return { file, fileName: `kaochang-sitting-${sittingId}.seb`, configKey: key };
    },

    /** What the guard checks for a sitting: null when it does not require SEB. */
    policyOf(sittingId: number): Promise<SebPolicy | null> {
      const cached = policies.get(sittingId);
      if (cached && cached.until > wallNow()) return cached.policy;
      // The promise is kept, so a burst of requests (a room logging in) reads the row once.
      const policy = dal.find(sittingId).then((row) => {
        const s = row ? saved(row) : null;
        return s?.required ? Object.freeze({ configKey: configKey(s), browserExamKeys: Object.freeze([...s.browserExamKeys]), quitUrl: s.options.quitUrl || null }) : null;
      });
      policies.set(sittingId, { policy, until: wallNow() + policyTtlMs });
      // A failed read is not kept: the next request tries again.
      policy.catch(() => policies.get(sittingId)?.policy === policy && policies.delete(sittingId));
      return policy;
    },
  };
}
export type SebService = ReturnType<typeof createSebService>;

/** What a save changed, for the audit log: never the password, only that it was set or removed. */
function changes(before: SavedSettings | null, after: SavedSettings, configKey: (s: SavedSettings) => string): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const name of Object.keys(after.options) as (keyof SebOptions)[]) {
    const was = before?.options[name];
    if (JSON.stringify(was) !== JSON.stringify(after.options[name])) options[name] = before ? { from: was, to: after.options[name] } : after.options[name];
  }
  const quitPassword = before?.hashedQuitPassword === after.hashedQuitPassword ? undefined : after.hashedQuitPassword === null ? 'removed' : 'set';
  const beks = new Set(before?.browserExamKeys ?? []);
  return {
    ...(before?.required !== after.required ? { required: after.required } : {}),
    ...(Object.keys(options).length ? { options } : {}),
    ...(quitPassword ? { quitPassword } : {}),
    browserExamKeys: { count: after.browserExamKeys.length, added: after.browserExamKeys.filter((k) => !beks.has(k)).length },
    configKey: { ...(before ? { from: configKey(before) } : {}), to: configKey(after) },
  };
}
