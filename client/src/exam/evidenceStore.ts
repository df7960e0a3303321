import type { MessageParams } from '@shared/errors.ts';
import type { Screenshot, ScreenshotLimitsView } from '@shared/evidence.ts';
import { ApiError, type ClientErrorCode } from '../api/http.ts';
import { removeScreenshot, setScreenshotCaption, uploadScreenshot } from '../api/evidence.ts';

/** One upload in flight or failed; never shown as saved until the server's 201. */
export interface PendingUpload {
  readonly key: string;
  readonly itemId: number;
  readonly blob: Blob;
  readonly previewUrl: string;
  readonly caption: string | null;
  readonly progress: number;
  readonly status: 'uploading' | 'waiting' | 'failed';
  readonly error: { code: ClientErrorCode; message: string; key?: string; params?: MessageParams } | null;
  readonly attempts: number;
}

export interface EvidenceSnapshot {
  readonly saved: readonly Screenshot[];
  readonly pending: readonly PendingUpload[];
}

export type LocalRefusal = { code: 'UNSUPPORTED_IMAGE' | 'TOO_LARGE' | 'LIMIT_REACHED'; name: string };

export const ACCEPTED_TYPES = ['image/png', 'image/jpeg', 'image/webp'];
const TRANSIENT = new Set<ClientErrorCode>(['NETWORK', 'TIMEOUT', 'INTERNAL', 'RATE_LIMITED']);
const MAX_AUTO_ATTEMPTS = 6;
const backoff = (attempt: number) => Math.min(15_000, 1000 * 2 ** (attempt - 1));

let counter = 0;

/**
 * The screenshots of one session: what the server holds, plus uploads still on their way. Kept
 * outside React so an upload carries on while the candidate moves to another task.
 */
export class EvidenceStore {
  private snapshot: EvidenceSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly aborts = new Map<string, () => void>();
  private disposed = false;

  constructor(
    private readonly sessionId: number,
    initial: readonly Screenshot[],
    readonly limits: ScreenshotLimitsView,
  ) {
    this.snapshot = { saved: [...initial], pending: [] };
  }

  subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };
  getSnapshot = () => this.snapshot;

  /** The server's list wins for saved screenshots (after a reconnect); pending uploads stay. */
  adoptSaved(saved: readonly Screenshot[]) {
    this.set({ ...this.snapshot, saved: [...saved] });
  }

  countFor(itemId: number): number {
    return this.snapshot.saved.filter((s) => s.itemId === itemId).length + this.snapshot.pending.filter((p) => p.itemId === itemId).length;
  }

  /** Checks what the server will check anyway, so the candidate learns at once; returns what was refused. */
  add(itemId: number, files: readonly Blob[], caption: string | null = null): LocalRefusal[] {
    const refused: LocalRefusal[] = [];
    for (const blob of files) {
      const name = blob instanceof File ? blob.name : '';
      if (blob.type && !ACCEPTED_TYPES.includes(blob.type)) refused.push({ code: 'UNSUPPORTED_IMAGE', name });
      else if (blob.size > this.limits.maxBytes) refused.push({ code: 'TOO_LARGE', name });
      else if (this.countFor(itemId) >= this.limits.perTask) refused.push({ code: 'LIMIT_REACHED', name });
      else this.start({ key: `u${++counter}`, itemId, blob, previewUrl: URL.createObjectURL(blob), caption, progress: 0, status: 'uploading', error: null, attempts: 0 });
    }
    return refused;
  }

  retry(key: string) {
    const p = this.snapshot.pending.find((x) => x.key === key);
    if (p) this.start({ ...p, attempts: 0 });
  }

  discard(key: string) {
    const p = this.snapshot.pending.find((x) => x.key === key);
    if (!p) return;
    this.aborts.get(key)?.();
    this.clearTimer(key);
    URL.revokeObjectURL(p.previewUrl);
    this.set({ ...this.snapshot, pending: this.snapshot.pending.filter((x) => x.key !== key) });
  }

  async remove(id: number): Promise<void> {
    await removeScreenshot(id);
    this.set({ ...this.snapshot, saved: this.snapshot.saved.filter((s) => s.id !== id) });
  }

  /** Replace = remove the old one, then upload the new one in its place (the per-task limit counts both otherwise). */
  async replace(id: number, file: Blob): Promise<LocalRefusal[]> {
    const old = this.snapshot.saved.find((s) => s.id === id);
    if (!old) return [];
    if (file.type && !ACCEPTED_TYPES.includes(file.type)) return [{ code: 'UNSUPPORTED_IMAGE', name: file instanceof File ? file.name : '' }];
    if (file.size > this.limits.maxBytes) return [{ code: 'TOO_LARGE', name: file instanceof File ? file.name : '' }];
    await this.remove(id);
    return this.add(old.itemId, [file], old.caption);
  }

  async setCaption(id: number, caption: string): Promise<void> {
    const updated = await setScreenshotCaption(id, caption.trim() || null);
    this.set({ ...this.snapshot, saved: this.snapshot.saved.map((s) => (s.id === id ? updated : s)) });
  }

  dispose() {
    this.disposed = true;
    for (const abort of this.aborts.values()) abort();
    for (const t of this.timers.values()) clearTimeout(t);
    for (const p of this.snapshot.pending) URL.revokeObjectURL(p.previewUrl);
    this.listeners.clear();
  }

  private start(upload: PendingUpload) {
    const attempt: PendingUpload = { ...upload, status: 'uploading', progress: 0, attempts: upload.attempts + 1 };
    this.clearTimer(upload.key);
    this.put(attempt);
    const { done, abort } = uploadScreenshot({ sessionId: this.sessionId, itemId: upload.itemId }, upload.blob, upload.caption, (progress) => this.patch(upload.key, { progress }));
    this.aborts.set(upload.key, abort);
    done.then(
      (shot) => {
        this.aborts.delete(upload.key);
        if (this.disposed || !this.snapshot.pending.some((p) => p.key === upload.key)) return;
        URL.revokeObjectURL(upload.previewUrl);
        const saved = this.snapshot.saved.some((s) => s.id === shot.id) ? this.snapshot.saved : [...this.snapshot.saved, shot];
        this.set({ saved, pending: this.snapshot.pending.filter((p) => p.key !== upload.key) });
      },
      (err: unknown) => {
        this.aborts.delete(upload.key);
        if (this.disposed || !this.snapshot.pending.some((p) => p.key === upload.key)) return;
        // The key says what exactly was refused (an undecodable image…), worded by the panel.
        const error = err instanceof ApiError ? { code: err.code, message: err.message, key: err.key, params: err.params } : { code: 'NETWORK' as const, message: String(err) };
        // Network trouble is retried by itself; a refusal by the server is final and shown as such.
        if (TRANSIENT.has(error.code) && attempt.attempts < MAX_AUTO_ATTEMPTS) {
          this.patch(upload.key, { status: 'waiting', error });
          this.timers.set(upload.key, setTimeout(() => this.start({ ...attempt, error }), backoff(attempt.attempts)));
        } else {
          this.patch(upload.key, { status: 'failed', error });
        }
      },
    );
  }

  private put(upload: PendingUpload) {
    const exists = this.snapshot.pending.some((p) => p.key === upload.key);
    this.set({ ...this.snapshot, pending: exists ? this.snapshot.pending.map((p) => (p.key === upload.key ? upload : p)) : [...this.snapshot.pending, upload] });
  }

  private patch(key: string, patch: Partial<PendingUpload>) {
    this.set({ ...this.snapshot, pending: this.snapshot.pending.map((p) => (p.key === key ? { ...p, ...patch } : p)) });
  }

  private clearTimer(key: string) {
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.delete(key);
  }

  private set(next: EvidenceSnapshot) {
    if (this.disposed) return;
    this.snapshot = next;
    for (const fn of this.listeners) fn();
  }
}
