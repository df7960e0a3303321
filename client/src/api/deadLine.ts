/**
 * A connection's line died without a word (a switch gone, a cable pulled upstream): the page must
 * close it itself, so that socket.io's Manager reconnects as after any other loss. The server
 * writes to every connection at least every 3 s (a noop when it has nothing else,
 * server/src/core/socket.ts), so this much silence leaves no doubt. engine.io's own ping, which used
 * to find such lines within 22 s, now comes only every few minutes: a page that saves shows itself
 * alive by its saves, and pinging it cost the server a write and a read per two saves (issue #19).
 */
export const DEAD_LINE_MS = 22_000;
const CHECK_EVERY_MS = 1_000;

/** What this needs of engine.io-client's socket: every packet it receives is a `heartbeat`. */
export type WatchedEngine = {
  readyState: string;
  on(event: 'heartbeat', listener: () => void): unknown;
  off(event: 'heartbeat', listener: () => void): unknown;
  close(): unknown;
};
/** What this needs of socket.io-client's Manager: each connection opened has its own engine. */
export type WatchedManager = {
  readonly engine?: WatchedEngine;
  on(event: 'open', listener: () => void): unknown;
  off(event: 'open', listener: () => void): unknown;
};

/**
 * Calls `heard` on every packet the manager's connections receive (engine.io-client's `heartbeat`)
 * and when one opens: each connection has its own engine, listened to from its opening. Returns a stop.
 */
export function onEveryPacket(manager: WatchedManager, heard: () => void): () => void {
  let engine: WatchedEngine | undefined;
  const listen = () => {
    engine?.off('heartbeat', heard);
    engine = manager.engine;
    engine?.on('heartbeat', heard);
    heard();
  };
  manager.on('open', listen);
  listen();
  return () => {
    manager.off('open', listen);
    engine?.off('heartbeat', heard);
  };
}

/** Closes the manager's connection whenever it heard nothing for `deadMs` (DEAD_LINE_MS); returns a stop. */
export function closeDeadLines(manager: WatchedManager, opts: { deadMs?: number; now?: () => number } = {}): () => void {
  const { deadMs = DEAD_LINE_MS, now = Date.now } = opts;
  let lastHeard = now();
  const stopHearing = onEveryPacket(manager, () => {
    lastHeard = now();
  });
  const timer = setInterval(
    () => {
      const engine = manager.engine;
      if (engine?.readyState === 'open' && now() - lastHeard > deadMs) engine.close();
    },
    Math.min(CHECK_EVERY_MS, deadMs / 4),
  );
  return () => {
    clearInterval(timer);
    stopHearing();
  };
}
