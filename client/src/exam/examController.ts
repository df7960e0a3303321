import type { EndReason } from '@shared/domain.ts';
import type { Ack, AckError, AnswerSave, AnswerSaved, SessionEnded, SessionView } from '@shared/events.ts';
import { SESSION_VIEW_WIRE, decodeSessionView, type SessionViewReply } from '@shared/session-view-wire.ts';
import type { CandidateSignal, ExamRules, ProctorMessage, SessionPauseState, SignalOutcome } from '@shared/proctor.ts';
import { closeDeadLines, onEveryPacket } from '../api/deadLine.ts';
import type { ClientErrorCode } from '../api/http.ts';
import { EMPTY_ANSWER, choicesOf, mergeAnswers, toResponse, type AnswerMap, type LocalAnswer } from './answers.ts';
import { measureClockOffset, offsetOf } from './clockOffset.ts';
import { newChangeId, openJournal, type Journal, type KeyValueStore } from './journal.ts';
import { stampedEntries } from './journalFile.ts';
import { askUntilAnswered, type AskOutcome } from './lateAnswer.ts';
import { isUnauthenticated, request, requestKeepingLate, type DataOf, type ExamSocket } from './socket.ts';

/**
 * Everything the theory exam page does over the socket, kept outside React so the page only
 * renders snapshots. The journal makes answer saving survive disconnects and reloads; the
 * clock offset makes the countdown follow the server's clock rather than the lab computer's.
 */

/** waiting: the sitting requires the proctor to admit the candidate before the part starts. */
export type ExamPhase = 'connecting' | 'waiting' | 'ready' | 'ended' | 'replaced' | 'failed';
export type SignalWarning = SignalOutcome & { kind: CandidateSignal['kind']; detail?: string };
export type SaveState = 'saved' | 'saving' | 'offline' | 'error';
export type ExamError = { code: ClientErrorCode; message: string };

export interface ExamSnapshot {
  readonly phase: ExamPhase;
  readonly view: SessionView | null;
  readonly answers: AnswerMap;
  readonly deadline: number | null;
  /** Add to Date.now() to get the server's time. */
  readonly offset: number;
  readonly connected: boolean;
  readonly saveState: SaveState;
  readonly endReason: EndReason | null;
  readonly error: ExamError | null;
  /** Server time the proctor paused this session at; null while running. */
  readonly pausedAt: number | null;
  readonly pauseReason: string | null;
  /** Set when the sitting's signal policy paused the session (worded on the cover), not a proctor. */
  readonly pauseAuto: SessionPauseState['auto'] | null;
  /** Proctor messages not yet dismissed, oldest first. */
  readonly messages: readonly ProctorMessage[];
  readonly warning: SignalWarning | null;
  /** The sitting's rules (text paste…); they may change while the part runs. */
  readonly rules: ExamRules;
  /** Pause, resume and extra time, newest last, until the candidate closes them. */
  readonly notices: readonly ExamNotice[];
  /** Answers kept offline past the deadline, sent for the proctor's review (late sync); null when there were none. */
  readonly lateSync: LateSyncState | null;
}

export type LateSyncState = { status: 'sending' } | { status: 'held'; entries: number } | { status: 'refused'; error: ExamError };

/** A change the proctor made to this session, told to the candidate with its reason and new end time. */
export type ExamNotice = { id: number; change: SessionPauseState['change']; reason: string; deadline: number; minutes?: number; auto?: SessionPauseState['auto']; paused: boolean };

export type SubmitOutcome = { ok: true } | { ok: false; reason: 'offline' | 'unsaved' } | { ok: false; reason: 'error'; error: ExamError };

/** What the browser says about the network (window online/offline events); absent in tests and old browsers. */
export interface NetworkWatch {
  onLine(): boolean;
  subscribe(onChange: () => void): () => void;
}

export function browserNetwork(): NetworkWatch | undefined {
  if (typeof window === 'undefined' || typeof navigator === 'undefined') return undefined;
  return {
    onLine: () => navigator.onLine !== false,
    subscribe(onChange) {
      window.addEventListener('online', onChange);
      window.addEventListener('offline', onChange);
      return () => {
        window.removeEventListener('online', onChange);
        window.removeEventListener('offline', onChange);
      };
    },
  };
}

export interface ExamControllerOptions {
  sittingPartId: number;
  socket: ExamSocket;
  store?: KeyValueStore | null;
  onUnauthenticated: () => void;
  /** The candidate confirmed the 考生须知 page; sent with the start. */
  instructionsConfirmed?: boolean;
  network?: NetworkWatch;
}

const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 30_000;
const RECONNECT_MS = 3_000;
const WAITING_RETRY_MS = 30_000;
/** A ping slower than this is useless as a clock sample anyway. */
const PING_TIMEOUT_MS = 3_000;
const TERMINAL = new Set<ClientErrorCode>(['DEADLINE_PASSED', 'SESSION_ENDED']);
const TRANSIENT = new Set<ClientErrorCode>(['INTERNAL', 'RATE_LIMITED', 'TIMEOUT']);
const NO_REPLY: ExamError = { code: 'TIMEOUT', message: 'no reply from the server' };
/** The server's refusal of an older ask when a newer identical one is in flight on the connection (start-coalescing.ts). */
const NEWER_ASK = 'exam.newerAsk';
/** The server's answer to an ask made again when the earlier one's answer is already on its way on this connection. */
const ANSWER_ON_ITS_WAY = 'exam.answerOnItsWay';
/**
 * The server sends a connection it sent nothing else for 3 s an engine.io noop (core/socket.ts). Silence
 * longer than this means the line is down even though no socket event said so (a cable pulled
 * upstream, a switch gone): looked at every 0.5 s, the candidate is told within 5 s; the connection
 * itself is closed after 22 s of it (api/deadLine.ts). The 1.5 s beyond the heartbeat are for a busy server.
 */
export const SILENCE_MS = 4_500;
const WATCH_EVERY_MS = 500;
const DEFAULT_RULES: ExamRules = { textPaste: 'block', parallelParts: false };

export class ExamController {
  private snapshot: ExamSnapshot = {
    phase: 'connecting',
    view: null,
    answers: new Map(),
    deadline: null,
    offset: 0,
    connected: false,
    saveState: 'offline',
    endReason: null,
    error: null,
    pausedAt: null,
    pauseReason: null,
    pauseAuto: null,
    messages: [],
    warning: null,
    rules: DEFAULT_RULES,
    notices: [],
    lateSync: null,
  };
  private readonly listeners = new Set<() => void>();
  private readonly socket: ExamSocket;
  private journal: Journal | null = null;
  private readonly inflight = new Map<string, Promise<void>>();
  private readonly revisions = new Map<number, number>();
  /** itemId -> latest change this tab made or replayed that the server has not acknowledged. */
  private readonly unsaved = new Map<number, string>();
  private saveFailed = false;
  private offsetMeasured = false;
  /**
   * Whether starts and resumes ask for the compact reply (shared/session-view-wire.ts). A node not
   * yet upgraded refuses the field (BAD_REQUEST) during a rolling upgrade: then this page asks in
   * today's format from there on.
   */
  private compactViews = true;
  /** Bumped on every connect/disconnect so async work started for an old connection stops. */
  private epoch = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryDelay = RETRY_MIN_MS;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;
  /** A newer login of the same candidate took over: this page never connects again. */
  private displaced = false;
  /** Socket connected, as socket.io sees it; `connected` in the snapshot also needs the line to be alive. */
  private socketUp = false;
  private silent = false;
  private lastHeard = 0;
  private watchTimer: ReturnType<typeof setTimeout> | null = null;
  private stopNetworkWatch: (() => void) | null = null;
  private stopWatchingLine: (() => void) | null = null;
  private noticeId = 0;
  /** The running session's journal-file key (late sync); kept in memory only, like the view. */
  private journalKey: string | null = null;
  private lateSyncSent = false;
  /** Proctor messages the candidate closed on this page: never shown again here, whoever sends them again. */
  private readonly dismissed = new Set<string>();
  /** Closed while the line was down (or the server did not answer): told to the server on the next connection. */
  private readonly dismissalsToSend = new Set<string>();

  constructor(private readonly opts: ExamControllerOptions) {
    this.socket = opts.socket;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ExamSnapshot => this.snapshot;

  start(): void {
    const s = this.socket;
    s.on('connect', this.onConnect);
    s.on('disconnect', this.onDisconnect);
    s.on('connect_error', this.onConnectError);
    s.on('answer:saved', this.onAnswerSaved);
    s.on('session:deadline', this.onDeadline);
    s.on('session:ended', this.onEnded);
    s.on('auth:replaced', this.onReplaced);
    s.on('session:paused', this.onPaused);
    s.on('proctor:message', this.onMessage);
    s.on('proctor:admitted', this.onAdmitted);
    s.on('exam:rules', this.onRules);
    s.on('clock:changed', this.onClockChanged);
    // Anything from the server shows the line is alive: the server sends an engine.io noop only after 3 s
    // in which it sent nothing else (an ack, a push, a ping), so every packet counts: engine.io-client's
    // `heartbeat`. Each connection has its own engine, so the page listens anew on each one opened.
    // Scripted sockets in tests may have no Manager. A line silent for 22 s is closed, so that the
    // Manager reconnects; both watches end with this controller (a new page, a new socket).
    if (s.io) {
      const stops = [onEveryPacket(s.io, this.heard), closeDeadLines(s.io)];
      this.stopWatchingLine = () => stops.forEach((stop) => stop());
    }
    this.stopNetworkWatch = this.opts.network?.subscribe(this.onNetworkChange) ?? null;
    s.connect();
  }

  dispose(): void {
    this.disposed = true;
    this.epoch++;
    this.clearTimers();
    this.stopNetworkWatch?.();
    this.stopWatchingLine?.();
    this.socket.removeAllListeners();
    this.socket.disconnect();
    this.listeners.clear();
  }

  /** Changes kept on this computer that the server has not acknowledged. */
  localChanges(): number {
    return this.journal?.size() ?? 0;
  }

  /** What a journal file needs (session, key, stamped entries); null when there is nothing to save or no key. */
  journalForFile(): { sessionId: number; key: string; entries: ReturnType<typeof stampedEntries> } | null {
    const entries = this.journal ? stampedEntries(this.journal.entries()) : [];
    if (!this.journal || !this.journalKey || entries.length === 0) return null;
    return { sessionId: this.journal.sessionId, key: this.journalKey, entries };
  }

  /** The server's clock now, as this page measured it. */
  serverNow(): number {
    return Math.round(Date.now() + this.snapshot.offset);
  }

  dismissNotice(id: number): void {
    this.update({ notices: this.snapshot.notices.filter((n) => n.id !== id) });
  }

  setChoices(itemId: number, choices: readonly string[]): void {
    this.change(itemId, (a) => ({ ...a, choices }));
  }

  /** Short answers and task notes; the caller debounces typing so one change is not sent per key. */
  setText(itemId: number, text: string): void {
    this.change(itemId, (a) => ({ ...a, text }));
  }

  setFlagged(itemId: number, flagged: boolean): void {
    this.change(itemId, (a) => ({ ...a, flagged }));
  }

  dismissMessage(id: string): void {
    this.dismissed.add(id);
    this.dismissalsToSend.add(id);
    this.update({ messages: this.snapshot.messages.filter((m) => m.id !== id) });
    this.sendDismissals();
  }

  /** The server keeps a message until it hears of its dismissal; one it never heard of shows again after a reload. */
  private sendDismissals(): void {
    if (!this.socket.connected) return;
    for (const id of this.dismissalsToSend) {
      void request(this.socket, 'candidate:dismiss_message', { id }).then(
        () => this.dismissalsToSend.delete(id),
        () => {},
      );
    }
  }

  dismissWarning(): void {
    this.update({ warning: null });
  }

  /** Reports a browser signal (focus lost, page hidden…) while the part runs; the sitting's policy decides what follows. */
  reportSignal(kind: CandidateSignal['kind'], detail?: string): void {
    if (this.snapshot.phase !== 'ready' || !this.snapshot.connected) return;
    void request(this.socket, 'candidate:signal', detail ? { kind, detail } : { kind }).then(
      (reply) => {
        if (reply.ok && reply.data.action !== 'recorded') this.update({ warning: { ...reply.data, kind, ...(detail ? { detail } : {}) } });
      },
      () => {},
    );
  }

  async submit(): Promise<SubmitOutcome> {
    const { view, phase } = this.snapshot;
    if (phase === 'ended') return { ok: true };
    if (!view || phase !== 'ready' || !this.journal) return { ok: false, reason: 'offline' };
    if (!this.snapshot.connected) return { ok: false, reason: 'offline' };

    // Submitting with answers still only on this computer would silently lose them.
    await Promise.all(this.journal.entries().map((c) => this.send(c)));
    if (this.snapshot.phase === 'ended') return { ok: true };
    if (this.journal.size() > 0) return { ok: false, reason: 'unsaved' };

    const reply = await this.ask('session:submit', { sessionId: view.sessionId });
    if (!reply) return { ok: false, reason: 'error', error: NO_REPLY };
    if (reply.ok) {
      this.end('submitted');
      return { ok: true };
    }
    if (TERMINAL.has(reply.error.code)) {
      this.endByError(reply.error);
      return { ok: true };
    }
    if (reply.error.code === 'UNAUTHENTICATED') this.opts.onUnauthenticated();
    return { ok: false, reason: 'error', error: reply.error };
  }

  // ---- socket events ----

  private onConnect = (): void => {
    const epoch = ++this.epoch;
    this.clearReconnect();
    this.socketUp = true;
    this.silent = false;
    this.heard();
    this.watchLine();
    this.update({ connected: this.lineUp() });
    this.sendDismissals();
    if (this.snapshot.phase === 'ended') return this.lateSyncIfDue();
    if (this.snapshot.phase === 'replaced') return;
    void this.sync(epoch, true);
  };

  private onDisconnect = (reason: string): void => {
    this.epoch++;
    this.clearRetry();
    this.clearWatch();
    this.socketUp = false;
    this.update({ connected: false });
    // After a server-side disconnect socket.io does not retry by itself.
    if (reason === 'io server disconnect') this.reconnectLater();
  };

  private onConnectError = (err: Error): void => {
    if (isUnauthenticated(err)) {
      this.opts.onUnauthenticated();
      return;
    }
    // A middleware rejection leaves the socket inactive; transport errors are retried by socket.io.
    if (!this.socket.active) this.reconnectLater();
  };

  private onAnswerSaved = (saved: AnswerSaved): void => {
    const { view, answers } = this.snapshot;
    if (!view || saved.sessionId !== view.sessionId || this.snapshot.phase !== 'ready') return;
    if (saved.revision <= (this.revisions.get(saved.itemId) ?? -Infinity)) return;
    this.revisions.set(saved.itemId, saved.revision);
    // A change of ours still waiting in the journal is newer than whatever the server broadcast.
    const pending = this.journal?.get(saved.itemId);
    if (pending && pending.changeId !== saved.changeId) return;
    const next = new Map(answers).set(saved.itemId, mergeAnswers([saved], []).get(saved.itemId) ?? { choices: choicesOf(saved.response), flagged: saved.flagged });
    this.update({ answers: next });
  };

  private onDeadline = (p: { sessionId: number; deadline: number }): void => {
    if (p.sessionId === this.snapshot.view?.sessionId) this.update({ deadline: p.deadline });
  };

  private onPaused = (p: SessionPauseState): void => {
    if (p.sessionId !== this.snapshot.view?.sessionId) return;
    this.heard();
    const notice: ExamNotice = { id: ++this.noticeId, change: p.change, reason: p.reason, deadline: p.deadline, paused: p.pausedAt !== null, ...(p.minutes ? { minutes: p.minutes } : {}), ...(p.auto ? { auto: p.auto } : {}) };
    // A pause is shown by the cover over the paper; resume and extra time by a notice that stays until closed.
    const notices = p.change === 'paused' ? this.snapshot.notices : [...this.snapshot.notices.filter((n) => n.change !== p.change), notice];
    this.update({ pausedAt: p.pausedAt, pauseReason: p.pausedAt === null ? null : p.reason, pauseAuto: p.pausedAt === null ? null : (p.auto ?? null), deadline: p.deadline, notices });
    // Changes made just before the pause were refused and kept: send them now.
    if (p.pausedAt === null) this.replay();
  };

  private onClockChanged = (): void => {
    void measureClockOffset((clientSentAt) => this.ping(clientSentAt)).then((estimate) => {
      if (estimate) this.update({ offset: estimate.offset });
    });
  };

  private onRules = (rules: ExamRules): void => {
    this.update({ rules });
  };

  // ---- is the line alive? ----

  private heard = (): void => {
    this.lastHeard = Date.now();
    if (!this.silent) return;
    this.silent = false;
    this.lineChanged();
  };

  private onNetworkChange = (): void => {
    // Back online: the socket may have died unnoticed meanwhile; the watch below tells within seconds.
    if (this.opts.network?.onLine()) this.lastHeard = Date.now();
    this.lineChanged();
  };

  /** Socket up, browser online, and the server heard from lately. */
  private lineUp(): boolean {
    return this.socketUp && this.socket.connected && !this.silent && (this.opts.network?.onLine() ?? true);
  }

  private lineChanged(): void {
    const up = this.lineUp();
    if (up === this.snapshot.connected) return;
    this.update({ connected: up });
    // Back: what was kept on this computer goes now.
    if (up && this.snapshot.phase === 'ready') this.replay();
  }

  private watchLine(): void {
    // Only a real socket.io client pings (tests drive scripted sockets without a manager).
    if (!this.socket.io?.on) return;
    this.clearWatch();
    this.watchTimer = setTimeout(() => {
      this.watchTimer = null;
      if (!this.socketUp) return;
      const silent = Date.now() - this.lastHeard > SILENCE_MS;
      if (silent !== this.silent) {
        this.silent = silent;
        this.lineChanged();
      }
      this.watchLine();
    }, WATCH_EVERY_MS);
  }

  private clearWatch(): void {
    if (this.watchTimer) clearTimeout(this.watchTimer);
    this.watchTimer = null;
  }

  private onMessage = (m: ProctorMessage): void => {
    this.takeMessages([m]);
  };

  /** Pushed, or in a start's or resume's answer: each message once, none the candidate closed. */
  private takeMessages(incoming: readonly ProctorMessage[]): void {
    const fresh = incoming.filter((m, i) => !this.dismissed.has(m.id) && !this.snapshot.messages.some((x) => x.id === m.id) && incoming.findIndex((x) => x.id === m.id) === i);
    if (fresh.length > 0) this.update({ messages: [...this.snapshot.messages, ...fresh] });
  }

  private onAdmitted = (): void => {
    if (this.snapshot.phase === 'waiting' && this.socket.connected) void this.sync(this.epoch, false);
  };

  private onEnded = (p: SessionEnded): void => {
    if (p.sessionId === this.snapshot.view?.sessionId) this.end(p.endReason);
  };

  private onReplaced = (): void => {
    this.displaced = true;
    this.clearTimers();
    // An ended part keeps its page (the result, a late sync's state); any other stops here.
    if (this.snapshot.phase !== 'ended') this.update({ phase: 'replaced' });
    // Staying connected, or reconnecting after the server's disconnect, would make two windows
    // keep displacing each other: a finished part's page left open would take the connection
    // from the candidate's next part every few seconds.
    this.socket.disconnect();
  };

  // ---- (re)connecting ----

  private async sync(epoch: number, measure: boolean): Promise<void> {
    if (measure) {
      const estimate = await measureClockOffset((clientSentAt) => this.ping(clientSentAt));
      if (epoch !== this.epoch) return;
      if (estimate) {
        this.offsetMeasured = true;
        this.update({ offset: estimate.offset });
      }
    }
    const asked = await this.startOrResume(epoch);
    const receivedAt = Date.now();
    if (asked.answer) this.heard();
    if (epoch !== this.epoch || this.snapshot.phase === 'ended' || this.snapshot.phase === 'replaced') return;
    if (!asked.answer) return this.syncLater(epoch);
    const { answer: reply, sentAt } = asked;
    if (!reply.ok) return this.onSyncError(epoch, reply.error);
    if (!this.offsetMeasured) {
      // Every ping was lost: a single round trip is still far better than the local clock.
      this.update({ offset: offsetOf({ sentAt, receivedAt, serverNow: reply.data.serverNow }) });
    }
    this.adopt(reply.data);
  }

  /**
   * Starts the part, or resumes the session once a view is shown, asking again every RECONNECT_MS
   * after ACK_TIMEOUT_MS unanswered (a start is idempotent); a late answer to an earlier ask still
   * counts, so no second paper is asked for once one is on its way.
   */
  private async startOrResume(epoch: number): Promise<AskOutcome<Ack<SessionView>>> {
    const view = this.snapshot.view;
    const compact = this.compactViews;
    const format = compact ? ({ view: SESSION_VIEW_WIRE } as const) : {};
    const ask = (overdue: () => void, again: boolean): Promise<Ack<SessionViewReply>> => {
      const asking = { ...format, ...(again ? { again: true as const } : {}) };
      return view
        ? requestKeepingLate(this.socket, 'session:resume', { sessionId: view.sessionId, ...asking }, overdue)
        : requestKeepingLate(this.socket, 'session:start', { sittingPartId: this.opts.sittingPartId, ...(this.opts.instructionsConfirmed ? { instructionsConfirmed: true } : {}), ...asking }, overdue);
    };
    const asked = await askUntilAnswered({
      ask,
      againAfterMs: RECONNECT_MS,
      mayAskAgain: () => epoch === this.epoch && this.socket.connected && this.snapshot.phase !== 'ended' && this.snapshot.phase !== 'replaced',
      // A view is the session however late it comes; a refusal to an older ask waits for the newer's answer.
      usableFromOlder: (reply) => reply.ok,
      onItsWay: (reply) => !reply.ok && reply.error.key === ANSWER_ON_ITS_WAY,
    });
    if (!asked.answer) return asked;
    const decoded = this.decodeView(asked.answer, compact);
    return decoded ? { ...asked, answer: decoded } : this.startOrResume(epoch);
  }

  private onSyncError(epoch: number, error: AckError): void {
    // The server answers only the newest of a connection's identical asks; whoever sent that one applies its answer.
    if (error.key === NEWER_ASK) return;
    if (error.code === 'UNAUTHENTICATED') return this.opts.onUnauthenticated();
    if (TERMINAL.has(error.code)) return this.endByError(error);
    if (TRANSIENT.has(error.code)) return this.syncLater(epoch);
    if (error.code === 'AWAITING_ADMISSION') {
      // proctor:admitted wakes us; the slow retry covers an admission sent while we were offline.
      this.update({ phase: 'waiting', error: null });
      return this.syncLater(epoch, WAITING_RETRY_MS);
    }
    this.update({ phase: 'failed', error });
  }

  private syncLater(epoch: number, delay = RECONNECT_MS): void {
    this.clearRetry();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (epoch === this.epoch && this.socket.connected) void this.sync(epoch, false);
    }, delay);
  }

  private adopt(view: SessionView): void {
    if (this.journal?.sessionId !== view.sessionId) this.journal = openJournal(view.sessionId, this.opts.store);
    if (view.journalKey) this.journalKey = view.journalKey;
    for (const a of view.answers) this.noteRevision(a.itemId, a.revision);
    const ended = view.status === 'ended';
    this.update({
      view,
      answers: mergeAnswers(view.answers, ended ? [] : this.journal.entries()),
      deadline: view.deadline,
      phase: ended ? 'ended' : 'ready',
      endReason: view.endReason,
      error: null,
      pausedAt: view.pausedAt,
      rules: view.rules,
    });
    this.takeMessages(view.messages ?? []);
    if (!ended) this.replay();
    else this.lateSyncIfDue();
  }

  /**
   * The part ended at its deadline with changes still on this computer made before it (the line was
   * down): they go to the proctor's review instead of being lost. The server decides what applies.
   */
  private lateSyncIfDue(): void {
    const { view, endReason } = this.snapshot;
    if (this.lateSyncSent || !this.journal || !view || endReason !== 'deadline' || view.deadline === null || !this.socket.connected) return;
    const deadline = view.deadline;
    const entries = stampedEntries(this.journal.entries());
    if (!entries.some((e) => e.madeAt < deadline)) return;
    this.lateSyncSent = true;
    this.update({ lateSync: { status: 'sending' } });
    const journal = this.journal;
    void request(this.socket, 'session:late_sync', { sessionId: view.sessionId, entries }).then(
      (reply) => {
        if (reply.ok) {
          // Held by the server now: nothing of it is only on this computer any more.
          journal.clear();
          this.update({ lateSync: { status: 'held', entries: reply.data.entries } });
        } else this.update({ lateSync: { status: 'refused', error: reply.error } });
      },
      () => {
        // No answer: tried again on the next connection.
        this.lateSyncSent = false;
        this.update({ lateSync: null });
      },
    );
  }

  private async ping(clientSentAt: number): Promise<number> {
    const reply = await request(this.socket, 'clock:ping', { clientSentAt }, PING_TIMEOUT_MS);
    if (!reply.ok) throw new Error(reply.error.message);
    return reply.data.serverNow;
  }

  /** Like request(), but a missing reply is null rather than an exception. */
  private async ask<E extends 'session:start' | 'session:resume' | 'session:submit'>(
    event: E,
    payload: Parameters<typeof request<E>>[2],
  ): Promise<Ack<DataOf<E>> | null> {
    try {
      const reply = await request(this.socket, event, payload);
      this.heard();
      return reply;
    } catch {
      return null;
    }
  }

  /**
   * A start or resume, decoded into today's SessionView whichever format the server answered in:
   * everything past this line sees the same view as before the compact format.
   */
  private async askView<E extends 'session:start' | 'session:resume'>(event: E, payload: Omit<Parameters<typeof request<E>>[2], 'view'>): Promise<Ack<SessionView> | null> {
    const compact = this.compactViews;
    const reply = await this.ask(event, (compact ? { ...payload, view: SESSION_VIEW_WIRE } : payload) as Parameters<typeof request<E>>[2]);
    if (!reply) return null;
    // Both events answer a SessionViewReply; TypeScript does not resolve DataOf<E> for a generic E.
    return this.decodeView(reply as Ack<SessionViewReply>, compact) ?? this.askView(event, payload);
  }

  /**
   * A reply in either format as today's view; null when the page is to ask again in today's format:
   * a node not yet upgraded refused the field, or the content is another version's.
   */
  private decodeView(reply: Ack<SessionViewReply>, compact: boolean): Ack<SessionView> | null {
    if (!reply.ok) {
      if (!compact || reply.error.code !== 'BAD_REQUEST') return reply;
      this.compactViews = false;
      return null;
    }
    try {
      return { ok: true, data: decodeSessionView(reply.data) };
    } catch (err) {
      if (!compact) throw err;
      this.compactViews = false;
      return null;
    }
  }

  // ---- saving answers ----

  private change(itemId: number, edit: (answer: LocalAnswer) => LocalAnswer): void {
    const { view, phase, answers, pausedAt } = this.snapshot;
    // The server refuses saves while paused; the screen is covered then, this is the backstop.
    if (!view || phase !== 'ready' || !this.journal || pausedAt !== null) return;
    const madeAt = this.serverNow();
    // Offline past the deadline (by the server's clock as measured): the part is over and this change
    // could never count; recording it would replace the item's last change made in time.
    if (!this.snapshot.connected && this.snapshot.deadline !== null && madeAt >= this.snapshot.deadline) return;
    const next = edit(answers.get(itemId) ?? EMPTY_ANSWER);
    // Journal first: if the page dies between these two lines the change is still replayed.
    const change = this.journal.put({
      sessionId: view.sessionId,
      itemId,
      response: toResponse(next),
      flagged: next.flagged,
      changeId: newChangeId(),
      madeAt,
    });
    this.unsaved.set(itemId, change.changeId);
    this.update({ answers: new Map(answers).set(itemId, next) });
    void this.send(change);
  }

  private replay(): void {
    if (!this.journal || this.snapshot.phase !== 'ready') return;
    for (const change of this.journal.entries()) {
      this.unsaved.set(change.itemId, change.changeId);
      void this.send(change);
    }
  }

  private send(change: AnswerSave): Promise<void> {
    const running = this.inflight.get(change.changeId);
    if (running) return running;
    // Offline changes wait in the journal; socket.io's own buffer would replay them a second time.
    if (!this.lineUp() || this.snapshot.phase !== 'ready') return Promise.resolve();
    const done = request(this.socket, 'answer:save', change).then(
      (reply) => {
        this.inflight.delete(change.changeId);
        this.heard();
        this.onSaveReply(change, reply);
      },
      () => {
        this.inflight.delete(change.changeId);
        this.onSaveLost();
      },
    );
    this.inflight.set(change.changeId, done);
    this.update({});
    return done;
  }

  private onSaveReply(change: AnswerSave, reply: Ack<AnswerSaved>): void {
    if (reply.ok) {
      this.journal?.ack(change.itemId, change.changeId);
      this.settle(change);
      this.noteRevision(change.itemId, reply.data.revision);
      this.saveFailed = false;
      this.retryDelay = RETRY_MIN_MS;
      this.update({});
      return;
    }
    const { error } = reply;
    if (TERMINAL.has(error.code)) return this.endByError(error);
    if (error.code === 'UNAUTHENTICATED') return this.opts.onUnauthenticated();
    // Kept in the journal and sent again when the proctor resumes the session.
    if (error.code === 'SESSION_PAUSED') return this.update({});
    this.saveFailed = true;
    if (TRANSIENT.has(error.code)) this.retryLater();
    else {
      // Any other refusal will never succeed; replaying it forever would hide later saves' status.
      this.journal?.ack(change.itemId, change.changeId);
      this.settle(change);
    }
    this.update({});
  }

  private onSaveLost(): void {
    // When the line is down its return replays the journal; otherwise it was a timeout.
    if (this.lineUp()) {
      this.saveFailed = true;
      this.retryLater();
    }
    this.update({});
  }

  private settle(change: AnswerSave): void {
    if (this.unsaved.get(change.itemId) === change.changeId) this.unsaved.delete(change.itemId);
  }

  private retryLater(): void {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.replay();
    }, this.retryDelay);
    this.retryDelay = Math.min(this.retryDelay * 2, RETRY_MAX_MS);
  }

  private noteRevision(itemId: number, revision: number): void {
    this.revisions.set(itemId, Math.max(revision, this.revisions.get(itemId) ?? -Infinity));
  }

  // ---- ending ----

  private end(endReason: EndReason | null): void {
    this.clearRetry();
    this.update({ phase: 'ended', endReason: endReason ?? this.snapshot.endReason });
    this.lateSyncIfDue();
  }

  private endByError(error: AckError): void {
    if (this.snapshot.phase === 'ended') return;
    this.end(error.code === 'DEADLINE_PASSED' ? 'deadline' : null);
    const view = this.snapshot.view;
    // SESSION_ENDED does not say why; ask so the candidate is told "submitted" or "time is up".
    if (!this.snapshot.endReason && view && this.socket.connected) {
      void this.askView('session:resume', { sessionId: view.sessionId }).then((reply) => {
        if (reply?.ok && reply.data.endReason) {
          this.update({ endReason: reply.data.endReason, view: { ...view, deadline: reply.data.deadline } });
          this.lateSyncIfDue();
        }
      });
    }
  }

  // ---- plumbing ----

  private reconnectLater(): void {
    if (this.disposed || this.displaced || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.disposed && !this.socket.connected) this.socket.connect();
    }, RECONNECT_MS);
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private clearReconnect(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  private clearTimers(): void {
    this.clearRetry();
    this.clearReconnect();
    this.clearWatch();
  }

  /**
   * Counts only this tab's own changes, not the journal: localStorage is shared with other tabs
   * of the same session, whose acks this tab never hears about.
   */
  private saveStateNow(connected: boolean): SaveState {
    if (!connected) return 'offline';
    if (this.inflight.size > 0) return 'saving';
    if (this.saveFailed) return 'error';
    return this.unsaved.size > 0 ? 'saving' : 'saved';
  }

  private update(patch: Partial<Omit<ExamSnapshot, 'saveState'>>): void {
    if (this.disposed) return;
    const merged = { ...this.snapshot, ...patch };
    const saveState = this.saveStateNow(merged.connected);
    const changed = saveState !== this.snapshot.saveState || Object.entries(patch).some(([k, v]) => this.snapshot[k as keyof ExamSnapshot] !== v);
    if (!changed) return;
    this.snapshot = { ...merged, saveState };
    for (const listener of this.listeners) listener();
  }
}
