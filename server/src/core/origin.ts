/**
 * State-changing requests must come from our own pages: the Origin (when a browser sends one)
 * must match the Host or be explicitly allowed.
 */
export function isAllowedOrigin(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
