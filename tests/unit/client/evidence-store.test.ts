import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Screenshot } from '@shared/evidence.ts';
import { ApiError } from '../../../client/src/api/http.ts';

type Call = { resolve: (s: Screenshot) => void; reject: (e: unknown) => void; itemId: number };
const calls: Call[] = [];
vi.mock('../../../client/src/api/evidence.ts', () => ({
  uploadScreenshot: (target: { itemId: number }) => {
    let call!: Call;
    const done = new Promise<Screenshot>((resolve, reject) => (call = { resolve, reject, itemId: target.itemId }));
    calls.push(call);
    return { done, abort: () => call.reject(new ApiError(0, 'NETWORK', 'aborted')) };
  },
  removeScreenshot: vi.fn(async () => null),
  setScreenshotCaption: vi.fn(),
}));
const { EvidenceStore } = await import('../../../client/src/exam/evidenceStore.ts');

const limits = { perTask: 2, maxBytes: 1000, maxWidth: 100, maxHeight: 100, maxPixels: 10_000 };
const shot = (id: number, itemId = 5): Screenshot => ({ id, itemId, bytes: 10, mimeType: 'image/png', width: 1, height: 1, caption: null, uploadedAt: 0 });
const png = (size = 10) => new Blob([new Uint8Array(size)], { type: 'image/png' });
const flush = () => new Promise((r) => setImmediate(r));

describe('evidence store (client)', () => {
  beforeEach(() => {
    calls.length = 0;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    URL.createObjectURL = () => 'blob:x';
    URL.revokeObjectURL = () => {};
  });
  afterEach(() => vi.useRealTimers());

  it('shows an upload as saved only after the server acked it, retrying network failures by itself', async () => {
    const store = new EvidenceStore(1, [], limits);
    expect(store.add(5, [png()])).toEqual([]);
    expect(store.getSnapshot()).toMatchObject({ saved: [], pending: [{ status: 'uploading', attempts: 1 }] });
    calls[0]!.reject(new ApiError(0, 'NETWORK', 'offline'));
    await flush();
    expect(store.getSnapshot()).toMatchObject({ saved: [], pending: [{ status: 'waiting' }] });
    vi.advanceTimersByTime(1000);
    expect(calls).toHaveLength(2);
    calls[1]!.resolve(shot(9));
    await flush();
    expect(store.getSnapshot()).toEqual({ saved: [shot(9)], pending: [] });
  });

  it('keeps a refusal by the server as failed, with its reason, and never retries it by itself', async () => {
    const store = new EvidenceStore(1, [], limits);
    store.add(5, [png()]);
    calls[0]!.reject(new ApiError(409, 'DEADLINE_PASSED', 'late'));
    await flush();
    vi.advanceTimersByTime(60_000);
    expect(calls).toHaveLength(1);
    expect(store.getSnapshot()).toMatchObject({ saved: [], pending: [{ status: 'failed', error: { code: 'DEADLINE_PASSED' } }] });
  });

  it('refuses before uploading what the server would refuse: type, size, count per task', () => {
    const store = new EvidenceStore(1, [shot(1)], limits);
    const refused = store.add(5, [new Blob(['GIF89a'], { type: 'image/gif' }), png(5000), png(), png()]);
    expect(refused.map((r) => r.code)).toEqual(['UNSUPPORTED_IMAGE', 'TOO_LARGE', 'LIMIT_REACHED']);
    expect(calls).toHaveLength(1);
    // Another task has its own count.
    expect(store.add(6, [png()])).toEqual([]);
  });
});
