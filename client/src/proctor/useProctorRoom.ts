import { useCallback, useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { Ack, AckError, ClientToServerEvents, ServerToClientEvents } from '@shared/events.ts';
import type { Incident, ProctorActionRequest, ProctorActionResult, RoomRef, RoomRow, RoomSettings, RoomSummary } from '@shared/proctor.ts';
import { request } from '../exam/socket.ts';
import { closeDeadLines } from '../api/deadLine.ts';
import { SOCKET_TRANSPORTS } from '../api/socketOptions.ts';
import { addIncident, mergeSnapshot, upsertRow } from './gridView.ts';

type ProctorSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type RoomState = {
  rows: RoomRow[];
  incidents: Incident[];
  settings: RoomSettings | null;
  /** Add to Date.now() for the server's time. */
  offset: number;
};

const EMPTY: RoomState = { rows: [], incidents: [], settings: null, offset: 0 };

/**
 * One socket for the console. The watched room is (re)joined on every connect, which also
 * refreshes the whole grid; after that rows and incidents arrive as pushes, never by polling.
 */
export function useProctorSocket(selection: (RoomRef & { sittingPartId: number }) | null) {
  const socketRef = useRef<ProctorSocket | null>(null);
  const [connected, setConnected] = useState(false);
  const [rooms, setRooms] = useState<RoomSummary[] | null>(null);
  const [room, setRoom] = useState<RoomState>(EMPTY);
  // Kept as the server sent it (code and key): the page words it in the UI's language.
  const [error, setError] = useState<AckError | null>(null);
  /** Bumped when a late sync request of the watched room arrives or is decided (LateSyncPanel refetches). */
  const [lateSyncTick, setLateSyncTick] = useState(0);
  const key = selection ? `${selection.sittingId}\u0000${selection.room}\u0000${selection.sittingPartId}` : null;
  const selectionRef = useRef(selection);
  selectionRef.current = selection;
  const keyRef = useRef(key);
  keyRef.current = key;

  const watch = useCallback(async () => {
    const s = socketRef.current;
    const sel = selectionRef.current;
    const watched = keyRef.current;
    if (!s?.connected || !sel) return;
    const sentAt = Date.now();
    const reply = await request(s, 'proctor:watch', sel);
    // The proctor switched rooms meanwhile: this answer is for the old one.
    if (keyRef.current !== watched) return;
    if (!reply.ok) return setError(reply.error);
    const offset = reply.data.serverNow - (sentAt + Date.now()) / 2;
    setError(null);
    setRoom((st) => ({ rows: mergeSnapshot(st.rows, reply.data.rows), incidents: reply.data.incidents, settings: reply.data.settings, offset }));
  }, []);

  useEffect(() => {
    const s: ProctorSocket = io({ ...SOCKET_TRANSPORTS, withCredentials: true });
    socketRef.current = s;
    const stopWatching = closeDeadLines(s.io);
    const loadRooms = () => void request(s, 'proctor:rooms', {}).then((r) => (r.ok ? setRooms(r.data) : setError(r.error)));
    s.on('connect', () => {
      setConnected(true);
      loadRooms();
      void watch();
    });
    // The exam office changed this proctor's rooms: the list follows without a reload.
    s.on('proctor:rooms_changed', loadRooms);
    s.on('disconnect', () => setConnected(false));
    s.on('proctor:row', (row) => {
      const sel = selectionRef.current;
      if (sel && row.sittingId === sel.sittingId && row.room === sel.room) setRoom((st) => ({ ...st, rows: upsertRow(st.rows, row) }));
    });
    s.on('proctor:incident', (incident) => {
      const sel = selectionRef.current;
      if (sel && incident.sittingId === sel.sittingId && incident.room === sel.room) setRoom((st) => ({ ...st, incidents: addIncident(st.incidents, incident) }));
    });
    s.on('proctor:late_sync', (e) => {
      const sel = selectionRef.current;
      if (sel && e.sittingId === sel.sittingId && e.room === sel.room) setLateSyncTick((n) => n + 1);
    });
    return () => {
      stopWatching();
      s.removeAllListeners();
      s.disconnect();
      socketRef.current = null;
    };
  }, [watch]);

  useEffect(() => {
    setRoom(EMPTY);
    if (key) void watch();
  }, [key, watch]);

  const act = useCallback(async (req: ProctorActionRequest): Promise<Ack<ProctorActionResult>> => {
    const s = socketRef.current;
    if (!s?.connected) return { ok: false, error: { code: 'INTERNAL', message: 'offline' } };
    return request(s, 'proctor:action', req);
  }, []);

  const saveSettings = useCallback(async (ref: RoomRef, settings: RoomSettings, reason: string): Promise<Ack<RoomSettings>> => {
    const s = socketRef.current;
    if (!s?.connected) return { ok: false, error: { code: 'INTERNAL', message: 'offline' } };
    const reply = await request(s, 'proctor:settings', { ...ref, settings, reason });
    if (reply.ok) setRoom((st) => ({ ...st, settings: reply.data }));
    return reply;
  }, []);

  return { connected, rooms, room, error, act, saveSettings, lateSyncTick };
}
