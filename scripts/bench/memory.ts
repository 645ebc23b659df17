import { readFileSync } from 'node:fs';

/**
 * The kernel's high-water mark of this process' resident set (VmHWM), in bytes. Not ru_maxrss:
 * Linux carries that over from the parent across fork and exec, so a child would report its
 * parent's peak. Elsewhere (no /proc), ru_maxrss is the best there is.
 */
export function peakRss(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]) * 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024;
}
