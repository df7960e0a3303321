/**
 * Asking the server for something it may answer slowly (the exam page's start or resume): an ask
 * unanswered for a while is asked again, but its answer still counts when it comes late. In a start
 * storm the server's queue outgrows the page's patience; throwing a reply away at 10.5 s and asking
 * again made the server build and send every late candidate's 35 KB paper twice (issue #19).
 */

/**
 * Sends one ask. Resolves with its answer whenever it comes; calls `overdue` once it has waited as
 * long as the page waits before asking again (it keeps listening); rejects when no answer can come
 * any more (the connection closed). `again`: an earlier ask of this round is still unanswered (the
 * server may then say that ask's answer is already on its way, instead of building a second one).
 */
export type LateAsk<R> = (overdue: () => void, again: boolean) => Promise<R>;

export interface AskAgainOptions<R> {
  ask: LateAsk<R>;
  /** Pause between an ask being overdue and the next ask, skipped when an answer came meanwhile. */
  againAfterMs: number;
  /** Checked before each new ask (the same connection, still up): when false the asking ends unanswered. */
  mayAskAgain: () => boolean;
  /**
   * An answer to an older ask that is as good as the newer one's (a view: the same session either
   * way). Other answers to an older ask, a refusal saying a newer ask took its place above all, wait
   * for the newer ask's own answer.
   */
  usableFromOlder: (answer: R) => boolean;
  /**
   * The newest ask's answer says an older ask's answer is already on its way (the server wrote it
   * to this connection): the asking then waits for that one, and ends unanswered if none comes.
   */
  onItsWay?: (answer: R) => boolean;
}

/** `late`: the answer came after its ask was overdue; `sentAt`: when its ask was sent (Date.now()); `asks`: how many were sent. */
export type AskOutcome<R> = { answer: R; late: boolean; sentAt: number; asks: number } | { answer: null; asks: number };

/**
 * Asks until one answer is taken, and takes only one: whichever usable answer arrives first. The page
 * builds on the answer it took (saves, pushed events), so one arriving after it is older than what the
 * page shows, even when it answers a newer ask, and is dropped.
 */
export function askUntilAnswered<R>(o: AskAgainOptions<R>): Promise<AskOutcome<R>> {
  return new Promise((resolve) => {
    let asks = 0;
    let unsettled = 0;
    let waitingForOlder = false;
    let done = false;
    let againTimer: ReturnType<typeof setTimeout> | null = null;
    const finish = (outcome: AskOutcome<R>) => {
      if (done) return;
      done = true;
      if (againTimer) clearTimeout(againTimer);
      resolve(outcome);
    };
    const askAgainLater = () => {
      againTimer = setTimeout(() => {
        againTimer = null;
        if (done || waitingForOlder) return;
        if (o.mayAskAgain()) send();
        else finish({ answer: null, asks });
      }, o.againAfterMs);
    };
    /** No older answer can come any more: the round ends unanswered, as when the connection closes. */
    const olderSettled = () => {
      if (waitingForOlder && unsettled === 0) finish({ answer: null, asks });
    };
    const send = () => {
      const n = ++asks;
      const sentAt = Date.now();
      let late = false;
      unsettled++;
      o.ask(() => {
        late = true;
        // Only the newest ask being overdue calls for another; an older one's already did.
        if (n === asks && !done) askAgainLater();
      }, n > 1).then(
        (answer) => {
          unsettled--;
          if (n === asks && o.onItsWay?.(answer)) {
            waitingForOlder = true;
            return olderSettled();
          }
          if (n === asks || o.usableFromOlder(answer)) finish({ answer, late, sentAt, asks });
          else olderSettled();
        },
        () => {
          unsettled--;
          // The connection closed: every ask on it fails together, the newest settles the outcome.
          if (n === asks) finish({ answer: null, asks });
          else olderSettled();
        },
      );
    };
    send();
  });
}
