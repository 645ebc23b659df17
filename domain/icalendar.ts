/**
 * iCalendar content lines (RFC 5545 §3.1–3.3; RFC 6868 for quotes and line breaks in parameter
 * values). Values are escaped here; a line is folded to at most 75 octets, as the RFC asks of
 * a writer, never inside a UTF-8 character.
 */

export const CRLF = '\r\n';

const textSpecial = /[\\;,]|\r\n|\r|\n/g;

/** A TEXT value: backslash, semicolon and comma escaped, every line break written \n. */
export function text(value: string): string {
  return value.replace(textSpecial, (c) => (c === '\\' || c === ';' || c === ',' ? `\\${c}` : '\\n'));
}

const paramSpecial = /\^|"|\r\n|\r|\n/g;

/** A parameter value, quoted (a name may hold , ; or :): ^ as ^^, " as ^', a line break as ^n. */
export function param(value: string): string {
  return `"${value.replace(paramSpecial, (c) => (c === '^' ? '^^' : c === '"' ? "^'" : '^n'))}"`;
}

/** An instant as a UTC DATE-TIME: 2026-12-03T09:00:00.000Z gives 20261203T090000Z. */
export function utc(instant: Date): string {
  const iso = instant.toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

const firstLine = 75;
/** A continuation line starts with a space, which counts. */
const nextLine = 74;

/**
 * One content line folded: no physical line longer than 75 octets, a break never inside a
 * character. A line of at most 25 UTF-16 units is at most 75 octets and is returned as it is.
 */
export function fold(line: string): string {
  if (line.length <= 25) return line;
  let out = '';
  let start = 0;
  let octets = 0;
  let limit = firstLine;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < line.length;
    const size = c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
    if (octets + size > limit) {
      out += `${line.slice(start, i)}${CRLF} `;
      start = i;
      octets = 0;
      limit = nextLine;
    }
    octets += size;
    if (pair) i++;
  }
  return start === 0 ? line : out + line.slice(start);
}
