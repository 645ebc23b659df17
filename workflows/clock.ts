// Inside the workflow sandbox `new Date()` is the workflow clock: deterministic on replay,
// skipped forward by the time-skipping test server.
export const nowIso = (): string => new Date().toISOString();
export const msUntil = (iso: string): number => new Date(iso).getTime() - new Date().getTime();
