import { z } from 'zod';
import { defaultSebOptions, sebOptionsSchema, type SebOptions, type SebSettings, type sebSettingsBodySchema } from '@shared/seb.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/connection.ts';
import { NotFoundError, StateError } from '../../core/errors.ts';
import { appendAuditSync } from '../../core/audit.ts';
import { configKeyOf } from './config-key.ts';
import type { SebPolicy } from './request-check.ts';
import { createSebDal, type SebSettingsRow } from './seb-dal.ts';
import { sebFile } from './seb-file.ts';
import { plistXml, sebPasswordHash, sebPlist } from './seb-plist.ts';

export type SebDeps = {
  db: Db;
  clock: Clock;
  /** Port to planning (which owns sittings): whether a sitting exists. */
  sittingExists: (sittingId: number) => boolean;
};

type SavedSettings = { required: boolean; options: SebOptions; hashedQuitPassword: string | null; browserExamKeys: string[] };
type SettingsBody = z.output<typeof sebSettingsBodySchema>;

const keysSchema = z.array(z.string());

/**
 * SEB settings of sittings: read and saved by the exam office (audited), turned into the `.seb`
 * file, and, for a sitting that requires SEB, into the policy the guard checks requests against.
 */
export function createSebService({ db, clock, sittingExists }: SebDeps) {
  const dal = createSebDal(db);
  // Policies are read on every checked request and change only through update(): kept until then.
  const policies = new Map<number, SebPolicy | null>();

  function assertSitting(sittingId: number): void {
    if (!sittingExists(sittingId)) throw new NotFoundError('No such sitting', { key: 'seb.sittingNotFound' });
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

  function savedOrRefuse(sittingId: number): SavedSettings {
    assertSitting(sittingId);
    const row = dal.find(sittingId);
    if (!row) throw new StateError('CONFLICT', 'Save the SEB settings of this sitting first', { key: 'seb.notSaved' });
    return saved(row);
  }

  return {
    /** `defaultStartUrl`: the login page as the admin's browser reaches the server, offered until saved. */
    settings(sittingId: number, defaultStartUrl: string): SebSettings {
      assertSitting(sittingId);
      return view(sittingId, dal.find(sittingId), defaultStartUrl);
    },

    update(actorUserId: number, sittingId: number, body: SettingsBody): SebSettings {
      assertSitting(sittingId);
      const now = clock.now();
      const row = db.transaction((tx) => {
        const beforeRow = dal.find(sittingId, tx);
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
        dal.save(next, tx);
        appendAuditSync(tx, { at: now, actorUserId, action: 'seb.settings_saved', entity: 'sitting', entityId: sittingId, details: changes(before, after, configKey) });
        return next;
      });
      policies.delete(sittingId);
      return view(sittingId, row, body.options.startUrl);
    },

    /** The `.seb` file for the exam computers, encrypted when a password is given; every download is audited. */
    async configFile(actorUserId: number, sittingId: number, password?: string): Promise<{ file: Buffer; fileName: string; configKey: string }> {
      const s = savedOrRefuse(sittingId);
      const settings = sebPlist(s.options, s.hashedQuitPassword);
      const file = await sebFile(plistXml(settings), password);
      const key = configKeyOf(settings);
      appendAuditSync(db, { at: clock.now(), actorUserId, action: 'seb.file_downloaded', entity: 'sitting', entityId: sittingId, details: { encrypted: password !== undefined, configKey: key } });
      return { file, fileName: `kaochang-sitting-${sittingId}.seb`, configKey: key };
    },

    /** What the guard checks for a sitting: null when it does not require SEB. */
    policyOf(sittingId: number): SebPolicy | null {
      const cached = policies.get(sittingId);
      if (cached !== undefined) return cached;
      const row = dal.find(sittingId);
      const s = row ? saved(row) : null;
      const policy = s?.required ? Object.freeze({ configKey: configKey(s), browserExamKeys: Object.freeze([...s.browserExamKeys]), quitUrl: s.options.quitUrl || null }) : null;
      policies.set(sittingId, policy);
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
