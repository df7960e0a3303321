/**
 * Every page's Socket.IO connection opens straight over WebSocket, with no HTTP long-polling first
 * or as a fallback: the browsers of an exam room all speak it (Chromium, SEB, any browser of the
 * last ten years), a LAN has no proxy to refuse the upgrade, and cluster mode needs WebSocket
 * anyway (long-polling's requests would land on different nodes without sticky sessions). The
 * build leaves the other transports out (engineWebSocketOnly in client/vendor-plugins.ts), so a
 * connection must name this one. Reconnecting after a lost line is the same with it: socket.io's
 * Manager opens a new WebSocket with its back-off.
 */
export const SOCKET_TRANSPORTS = { transports: ['websocket'] };
