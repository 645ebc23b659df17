/**
 * A one-line progress bar on stderr: redrawn in place on a terminal (at most five times a
 * second), a plain line every 15 seconds otherwise (CI logs, `| tee`).
 */
export class Progress {
  private readonly started = performance.now();
  private lastDraw = 0;
  private lastLine = '';
  private readonly tty = process.stderr.isTTY === true;

  constructor(private readonly label: string) {}

  update(fraction: number, detail: string, force = false): void {
    const now = performance.now();
    if (!force && now - this.lastDraw < (this.tty ? 200 : 15_000)) return;
    this.lastDraw = now;
    const width = 24;
    const done = Math.max(0, Math.min(width, Math.round(fraction * width)));
    const elapsed = now - this.started;
    const eta = fraction > 0.02 && fraction < 1 ? `, ~${formatDuration((elapsed / fraction) * (1 - fraction))} left` : '';
    const line = `${this.label} [${'#'.repeat(done)}${'.'.repeat(width - done)}] ${String(Math.round(fraction * 100)).padStart(3)}%  ${detail}  ${formatDuration(elapsed)}${eta}`;
    if (this.tty) {
      const cols = process.stderr.columns ?? 160;
      const shown = line.length > cols - 1 ? line.slice(0, cols - 1) : line;
      process.stderr.write(`\r${shown.padEnd(Math.min(cols - 1, Math.max(shown.length, this.lastLine.length)))}`);
      this.lastLine = shown;
    } else process.stderr.write(`${line}\n`);
  }

  done(detail: string): void {
    this.update(1, detail, true);
    if (this.tty) process.stderr.write('\n');
  }
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
