/**
 * The associated data that binds an offline journal file to its session (shared/latesync.ts). Its
 * own module, free of zod: the candidate's exam page imports it and must stay light.
 */
export const journalFileAad = (sessionId: number) => `kaochang-journal:v1:${sessionId}`;
