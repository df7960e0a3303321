import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { askUntilAnswered } from '../../../client/src/exam/lateAnswer.ts';

/**
 * The exam page's start and resume: an ask overdue after 10 s is asked again 3 s later unless an
 * answer came meanwhile, and a late answer still counts. Fake timers drive the asks.
 */

type Answer = { ok: true; view: string } | { ok: false; key: string };
const view = (name: string): Answer => ({ ok: true, view: name });
const newerAsk: Answer = { ok: false, key: 'exam.newerAsk' };
const onItsWay: Answer = { ok: false, key: 'exam.answerOnItsWay' };

const OVERDUE_MS = 10_000;
const AGAIN_MS = 3_000;

/** Asks whose answers the test gives (or fails, as a closed connection does), each overdue after 10 s. */
function scriptedAsks() {
  const asks: { again: boolean; answer: (a: Answer) => void; fail: () => void }[] = [];
  const ask = (overdue: () => void, again: boolean) =>
    new Promise<Answer>((resolve, reject) => {
      const timer = setTimeout(overdue, OVERDUE_MS);
      const stop = () => clearTimeout(timer);
      asks.push({ again, answer: (a) => (stop(), resolve(a)), fail: () => (stop(), reject(new Error('socket has been disconnected'))) });
    });
  return { asks, ask };
}

function asking(opts: { mayAskAgain?: () => boolean } = {}) {
  const { asks, ask } = scriptedAsks();
  let outcome: Awaited<ReturnType<typeof askUntilAnswered<Answer>>> | undefined;
  void askUntilAnswered({ ask, againAfterMs: AGAIN_MS, mayAskAgain: opts.mayAskAgain ?? (() => true), usableFromOlder: (a) => a.ok, onItsWay: (a) => !a.ok && a.key === 'exam.answerOnItsWay' }).then((o) => (outcome = o));
  return { asks, outcome: () => outcome };
}

describe('asking until answered, late answers counted', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => vi.useRealTimers());

  it('takes an answer that comes after the ask was overdue, and asks no more when it came before the pause ran out', async () => {
    const { asks, outcome } = asking();
    await vi.advanceTimersByTimeAsync(OVERDUE_MS + 500);
    asks[0]!.answer(view('first'));
    await vi.advanceTimersByTimeAsync(0);
    expect(outcome()).toMatchObject({ answer: view('first'), late: true, asks: 1 });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(asks).toHaveLength(1);
  });

  it('asks again 3 s after the ask was overdue, and again after each overdue ask, until one answers', async () => {
    const { asks, outcome } = asking();
    await vi.advanceTimersByTimeAsync(OVERDUE_MS + AGAIN_MS - 1);
    expect(asks).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(asks).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(OVERDUE_MS + AGAIN_MS);
    expect(asks).toHaveLength(3);
    asks[2]!.answer(view('third'));
    await vi.advanceTimersByTimeAsync(0);
    expect(outcome()).toMatchObject({ answer: view('third'), late: false, asks: 3 });
  });

  it('takes the older ask view arriving first after the re-ask, and drops the newer ask view arriving after it', async () => {
    const { asks, outcome } = asking();
    await vi.advanceTimersByTimeAsync(OVERDUE_MS + AGAIN_MS);
    asks[0]!.answer(view('older ask'));
    asks[1]!.answer(view('newer ask'));
    await vi.advanceTimersByTimeAsync(0);
    expect(outcome()).toMatchObject({ answer: view('older ask'), late: true, asks: 2 });
  });

  it('ignores the older ask being refused for the newer one and takes the newer ask view', async () => {
    const { asks, outcome } = asking();
    await vi.advanceTimersByTimeAsync(OVERDUE_MS + AGAIN_MS);
    asks[0]!.answer(newerAsk);
    await vi.advanceTimersByTimeAsync(0);
    expect(outcome()).toBeUndefined();
    asks[1]!.answer(view('newer ask'));
    await vi.advanceTimersByTimeAsync(0);
    expect(outcome()).toMatchObject({ answer: view('newer ask'), late: false, asks: 2 });
  });

  it('gives the newest ask refusal to the caller: no newer ask of its own will answer', async () => {
    const { asks, outcome } = asking();
    asks[0]!.answer(newerAsk);
    await vi.advanceTimersByTimeAsync(0);
    expect(outcome()).toMatchObject({ answer: newerAsk, asks: 1 });
  });

  it('says which asks are made again, and waits for the older answer the newest one says is on its way, asking no more', async () => {
    const { asks, outcome } = asking();
    await vi.advanceTimersByTimeAsync(OVERDUE_MS + AGAIN_MS);
    expect(asks.map((a) => a.again)).toEqual([false, true]);
    asks[1]!.answer(onItsWay);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(outcome()).toBeUndefined();
    expect(asks).toHaveLength(2);
    asks[0]!.answer(view('on its way'));
    await vi.advanceTimersByTimeAsync(0);
    expect(outcome()).toMatchObject({ answer: view('on its way'), late: true, asks: 2 });
  });

  it('asks no more once an overdue newest ask is answered on its way, and ends unanswered if the older answers never come', async () => {
    const { asks, outcome } = asking();
    await vi.advanceTimersByTimeAsync(2 * (OVERDUE_MS + AGAIN_MS));
    expect(asks).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(OVERDUE_MS);
    asks[2]!.answer(onItsWay);
    await vi.advanceTimersByTimeAsync(AGAIN_MS);
    expect(asks).toHaveLength(3);
    asks[0]!.answer(newerAsk);
    await vi.advanceTimersByTimeAsync(0);
    expect(outcome()).toBeUndefined();
    asks[1]!.fail();
    await vi.advanceTimersByTimeAsync(0);
    expect(outcome()).toEqual({ answer: null, asks: 3 });
  });

  it('ends unanswered when the connection closes, and does not ask again on a connection no longer wanted', async () => {
    const closed = asking();
    await vi.advanceTimersByTimeAsync(OVERDUE_MS + 1_000);
    closed.asks[0]!.fail();
    await vi.advanceTimersByTimeAsync(AGAIN_MS);
    expect(closed.outcome()).toEqual({ answer: null, asks: 1 });
    expect(closed.asks).toHaveLength(1);

    let up = true;
    const gone = asking({ mayAskAgain: () => up });
    await vi.advanceTimersByTimeAsync(OVERDUE_MS);
    up = false;
    await vi.advanceTimersByTimeAsync(AGAIN_MS);
    expect(gone.outcome()).toEqual({ answer: null, asks: 1 });
    expect(gone.asks).toHaveLength(1);
  });
});
