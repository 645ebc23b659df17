import { DateTime } from 'luxon';
import { ErrorType, PlansyklusError } from '../../domain/errors';

export type TimelineKind =
  | 'milestone' // e.g. "Oppstartseminar holdt", "Innsatsområder valgt" – the big moments
  | 'meeting' // a meeting or seminar taking place (at = start, end = end)
  | 'invitation' // invitation / changed invitation mail sent
  | 'reminder' // any reminder mail
  | 'request' // a request mail (referat request, action plan request, ...)
  | 'escalation' // escalation mail to a leader – must stand out (red)
  | 'summary' // leader summary mail
  | 'cancelled' // meeting cancelled
  | 'pause'; // the collaboration was paused from `at` to `end`

export interface TimelineEvent {
  at: string; // UTC ISO instant, e.g. 2027-03-04T08:00:00.000Z
  end?: string; // UTC ISO instant; meetings and pauses have it
  lane: string; // row label, e.g. "Felles", "Innsatsområde 2"
  kind: TimelineKind;
  label: string; // short text, e.g. "Oppstartseminar", "Handlingsplan levert"
}

export interface TimelineSvgOptions {
  title: string;
  subtitle?: string;
  zone: string; // e.g. Europe/Oslo
}

// Layout (px). The plot spans PLOT_LEFT..PLOT_RIGHT; lane labels live left of it.
const WIDTH = 1200;
const PLOT_LEFT = 200;
const PLOT_RIGHT = WIDTH - 30;
const LANE_LABEL_X = 16;
const LANE_LABEL_MAX = PLOT_LEFT - LANE_LABEL_X - 12;
const LABEL_FONT = 11;
const LABEL_LINE = 14;
const MARKER_BAND = 24;
const ROW_PAD = 6;
const MIN_ROW = 40;
const PAUSE_STRIP = 18;
const FONT = 'font-family="sans-serif"';

const COLOURS: Record<TimelineKind, string> = {
  milestone: '#6a3d9a',
  meeting: '#1f6fb4',
  invitation: '#2f9e44',
  reminder: '#e8890c',
  request: '#1098ad',
  escalation: '#d62828',
  summary: '#5c6bc0',
  cancelled: '#868e96',
  pause: '#adb5bd',
};

const LEGEND: [TimelineKind, string][] = [
  ['milestone', 'Milepæl'],
  ['meeting', 'Møte/seminar'],
  ['invitation', 'Invitasjon'],
  ['reminder', 'Påminnelse'],
  ['request', 'Forespørsel'],
  ['escalation', 'Eskalering'],
  ['summary', 'Ledersammendrag'],
  ['cancelled', 'Avlyst'],
  ['pause', 'Pause'],
];

// Drawn in this order so the important markers end up on top.
const DRAW_ORDER: TimelineKind[] = ['meeting', 'invitation', 'reminder', 'request', 'summary', 'cancelled', 'escalation', 'milestone'];

interface Timed {
  event: TimelineEvent;
  at: DateTime;
  end: DateTime | undefined;
}

interface Scale {
  start: DateTime;
  end: DateTime;
  x: (t: DateTime) => number;
}

interface PlacedLabel {
  x: number;
  text: string;
  side: 'above' | 'below';
  level: number;
  kind: TimelineKind;
}

interface Lane {
  name: string;
  items: Timed[];
  labels: PlacedLabel[];
  above: number;
  below: number;
}

/** Renders the events as a self-contained SVG timeline: one row per lane, months along the x axis. */
export function renderTimelineSvg(events: TimelineEvent[], options: TimelineSvgOptions): string {
  if (!DateTime.fromMillis(0, { zone: options.zone }).isValid) {
    throw new PlansyklusError(ErrorType.invalidInput, `zone: «${options.zone}» er ikke en gyldig tidssone`);
  }
  if (events.length === 0) return renderEmpty(options);

  const timed = events.map((event, i) => toTimed(event, i, options.zone));
  const scale = makeScale(timed, options.zone);
  const lanes = layoutLanes(timed, scale);
  const hasPause = timed.some((t) => t.event.kind === 'pause');

  const titleBottom = options.subtitle ? 62 : 44;
  const axisTop = titleBottom + 8;
  const axisY = axisTop + 38;
  const lanesTop = axisY + 6 + (hasPause ? PAUSE_STRIP : 0);
  const rowHeights = lanes.map(rowHeight);
  const lanesBottom = lanesTop + rowHeights.reduce((a, b) => a + b, 0);
  const legend = renderLegend(lanesBottom + 24);
  const height = legend.bottom + 16;

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${num(height)}" viewBox="0 0 ${WIDTH} ${num(height)}" ${FONT} role="img">`,
    `<title>${esc(options.title)}</title>`,
    renderDefs(),
    `<rect width="${WIDTH}" height="${num(height)}" fill="#ffffff"/>`,
    renderTitle(options),
  ];

  let y = lanesTop;
  lanes.forEach((lane, i) => {
    parts.push(renderRowBackground(lane, i, y, rowHeights[i]));
    y += rowHeights[i];
  });
  parts.push(renderAxis(scale, axisTop, axisY, lanesTop, lanesBottom));
  parts.push(renderPauses(timed, scale, lanesTop - (hasPause ? PAUSE_STRIP : 0), lanesBottom));
  y = lanesTop;
  lanes.forEach((lane, i) => {
    parts.push(renderLane(lane, y, scale));
    y += rowHeights[i];
  });
  parts.push(legend.svg, '</svg>');
  return parts.filter((p) => p !== '').join('\n') + '\n';
}

function toTimed(event: TimelineEvent, index: number, zone: string): Timed {
  const at = parseInstant(event.at, `events[${index}].at`, zone);
  const end = event.end === undefined ? undefined : parseInstant(event.end, `events[${index}].end`, zone);
  return { event, at, end: end && end < at ? at : end };
}

function parseInstant(iso: string, field: string, zone: string): DateTime {
  const t = DateTime.fromISO(iso, { setZone: false, zone: 'utc' });
  if (!t.isValid) throw new PlansyklusError(ErrorType.invalidInput, `${field}: «${iso}» er ikke et gyldig tidspunkt`);
  return t.setZone(zone).setLocale('nb');
}

/** From the month of the first event to the start of the month after the last. */
function makeScale(timed: Timed[], zone: string): Scale {
  const instants = timed.flatMap((t) => (t.end ? [t.at, t.end] : [t.at]));
  const first = DateTime.min(...instants)!;
  const last = DateTime.max(...instants)!;
  const start = first.setZone(zone).startOf('month');
  const end = last.setZone(zone).startOf('month').plus({ months: 1 });
  const span = end.toMillis() - start.toMillis();
  return { start, end, x: (t) => PLOT_LEFT + ((t.toMillis() - start.toMillis()) / span) * (PLOT_RIGHT - PLOT_LEFT) };
}

/** Lanes in order of first appearance, each with its text labels packed into non-overlapping levels. */
function layoutLanes(timed: Timed[], scale: Scale): Lane[] {
  const byName = new Map<string, Timed[]>();
  for (const t of timed) {
    const list = byName.get(t.event.lane) ?? [];
    list.push(t);
    byName.set(t.event.lane, list);
  }
  return [...byName].map(([name, items]) => {
    const labels = placeLabels(items, scale);
    const levels = (side: 'above' | 'below') => Math.max(0, ...labels.filter((l) => l.side === side).map((l) => l.level + 1));
    return { name, items, labels, above: levels('above'), below: levels('below') };
  });
}

/**
 * Milestone and meeting labels, centred on their marker. Each takes the first slot
 * (above 0, below 0, above 1, below 1, ...) where it does not overlap the previous label,
 * so close neighbours alternate above/below and stack only when crowded.
 */
function placeLabels(items: Timed[], scale: Scale): PlacedLabel[] {
  const labelled = items
    .filter((t) => t.event.kind === 'milestone' || t.event.kind === 'meeting')
    .map((t) => ({ t, x: scale.x(t.at) }))
    .sort((a, b) => a.x - b.x || a.t.event.label.localeCompare(b.t.event.label));
  const slotEnds: number[] = [];
  return labelled.map(({ t, x }) => {
    const w = textWidth(t.event.label, t.event.kind === 'milestone');
    const cx = Math.min(Math.max(x, PLOT_LEFT + w / 2), WIDTH - 4 - w / 2);
    let slot = slotEnds.findIndex((endX) => endX + 6 <= cx - w / 2);
    if (slot === -1) {
      slot = slotEnds.length;
      slotEnds.push(0);
    }
    slotEnds[slot] = cx + w / 2;
    return { x: cx, text: t.event.label, side: slot % 2 === 0 ? 'above' : 'below', level: Math.floor(slot / 2), kind: t.event.kind };
  });
}

function textWidth(text: string, bold: boolean, size = LABEL_FONT): number {
  return [...text].length * size * (bold ? 0.62 : 0.57);
}

function rowHeight(lane: Lane): number {
  return Math.max(MIN_ROW, 2 * ROW_PAD + MARKER_BAND + (lane.above + lane.below) * LABEL_LINE);
}

function markerY(lane: Lane, top: number): number {
  const natural = 2 * ROW_PAD + MARKER_BAND + (lane.above + lane.below) * LABEL_LINE;
  const extra = (rowHeight(lane) - natural) / 2;
  return top + extra + ROW_PAD + lane.above * LABEL_LINE + MARKER_BAND / 2;
}

function renderDefs(): string {
  return [
    '<defs>',
    '<pattern id="pause-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">',
    `<rect width="8" height="8" fill="${COLOURS.pause}" fill-opacity="0.18"/>`,
    `<line x1="0" y1="0" x2="0" y2="8" stroke="${COLOURS.pause}" stroke-width="3" stroke-opacity="0.55"/>`,
    '</pattern>',
    '</defs>',
  ].join('\n');
}

function renderTitle(options: TimelineSvgOptions): string {
  const title = `<text class="title" x="${LANE_LABEL_X}" y="30" font-size="20" font-weight="700" fill="#212529">${esc(options.title)}</text>`;
  if (!options.subtitle) return title;
  return `${title}\n<text class="subtitle" x="${LANE_LABEL_X}" y="50" font-size="13" fill="#6c757d">${esc(options.subtitle)}</text>`;
}

function renderRowBackground(lane: Lane, index: number, top: number, height: number): string {
  const fill = index % 2 === 0 ? '#f8f9fa' : '#eef1f4';
  const shown = truncate(lane.name, LANE_LABEL_MAX, 12);
  const tooltip = shown === lane.name ? '' : `<title>${esc(lane.name)}</title>`;
  return [
    `<rect class="lane-bg" x="0" y="${num(top)}" width="${WIDTH}" height="${num(height)}" fill="${fill}"/>`,
    `<text class="lane-label" x="${LANE_LABEL_X}" y="${num(markerY(lane, top) + 4)}" font-size="12" font-weight="600" fill="#343a40">${tooltip}${esc(shown)}</text>`,
  ].join('\n');
}

function truncate(text: string, maxWidth: number, size: number): string {
  const chars = [...text];
  if (textWidth(text, true, size) <= maxWidth) return text;
  const fit = Math.max(1, Math.floor(maxWidth / (size * 0.62)) - 1);
  return chars.slice(0, fit).join('') + '…';
}

/** Month ticks with grid lines through the lanes; month names centred in each month, years above. */
function renderAxis(scale: Scale, axisTop: number, axisY: number, lanesTop: number, lanesBottom: number): string {
  const months: DateTime[] = [];
  for (let m = scale.start; m < scale.end; m = m.plus({ months: 1 })) months.push(m);
  const monthWidth = (PLOT_RIGHT - PLOT_LEFT) / months.length;
  const every = Math.max(1, Math.ceil(28 / monthWidth));
  const out: string[] = [
    '<g class="axis">',
    `<line x1="${PLOT_LEFT}" y1="${num(axisY)}" x2="${PLOT_RIGHT}" y2="${num(axisY)}" stroke="#495057" stroke-width="1"/>`,
  ];
  months.forEach((m, i) => {
    const x = scale.x(m);
    const january = m.month === 1;
    out.push(
      `<line class="tick" data-month="${m.toFormat('yyyy-MM')}" x1="${num(x)}" y1="${num(axisY - 5)}" x2="${num(x)}" y2="${num(axisY)}" stroke="#495057"/>`,
      `<line class="grid" x1="${num(x)}" y1="${num(lanesTop)}" x2="${num(x)}" y2="${num(lanesBottom)}" stroke="${january ? '#adb5bd' : '#dee2e6'}" stroke-width="1"/>`,
    );
    if (i % every === 0) {
      const cx = x + (scale.x(m.plus({ months: 1 })) - x) / 2;
      out.push(`<text class="month" x="${num(cx)}" y="${num(axisY - 8)}" font-size="11" text-anchor="middle" fill="#495057">${esc(m.toFormat('LLL'))}</text>`);
    }
    // The first tick names its year too, unless a January label follows too closely.
    const nextJanuary = months.find((n) => n.month === 1 && n > m);
    if (january || (i === 0 && (!nextJanuary || scale.x(nextJanuary) - x >= 36))) {
      out.push(`<text class="year" x="${num(x + 3)}" y="${num(axisTop + 12)}" font-size="12" font-weight="700" fill="#212529">${m.year}</text>`);
    }
  });
  const endX = scale.x(scale.end);
  out.push(
    `<line class="tick" data-month="${scale.end.toFormat('yyyy-MM')}" x1="${num(endX)}" y1="${num(axisY - 5)}" x2="${num(endX)}" y2="${num(axisY)}" stroke="#495057"/>`,
    `<line class="grid" x1="${num(endX)}" y1="${num(lanesTop)}" x2="${num(endX)}" y2="${num(lanesBottom)}" stroke="#dee2e6" stroke-width="1"/>`,
    '</g>',
  );
  return out.join('\n');
}

/** A hatched band across every lane; a pause without an end runs to the end of the axis. */
function renderPauses(timed: Timed[], scale: Scale, top: number, bottom: number): string {
  return timed
    .filter((t) => t.event.kind === 'pause')
    .map((t) => {
      const x1 = scale.x(t.at);
      const x2 = scale.x(t.end ?? scale.end);
      const w = Math.max(2, x2 - x1);
      const tip = t.end ? `${t.event.label} – ${date(t.at)}–${date(t.end)}` : `${t.event.label} – fra ${date(t.at)}`;
      return [
        '<g class="ev ev-pause">',
        `<title>${esc(tip)}</title>`,
        `<rect class="pause-band" x="${num(x1)}" y="${num(top)}" width="${num(w)}" height="${num(bottom - top)}" fill="url(#pause-hatch)" stroke="${COLOURS.pause}" stroke-width="1"/>`,
        `<text x="${num(x1 + w / 2)}" y="${num(top + 13)}" font-size="11" font-style="italic" text-anchor="middle" fill="#495057">Pause</text>`,
        '</g>',
      ].join('\n');
    })
    .join('\n');
}

function renderLane(lane: Lane, top: number, scale: Scale): string {
  const y = markerY(lane, top);
  const out: string[] = [];
  for (const kind of DRAW_ORDER) {
    for (const t of lane.items) {
      if (t.event.kind === kind) out.push(renderMarker(t, scale.x(t.at), y, scale));
    }
  }
  for (const label of lane.labels) {
    const baseline = label.side === 'above' ? y - MARKER_BAND / 2 - 3 - label.level * LABEL_LINE : y + MARKER_BAND / 2 + 9 + label.level * LABEL_LINE;
    const style = label.kind === 'milestone' ? `font-weight="700" fill="${COLOURS.milestone}"` : `fill="#1b4b72"`;
    out.push(`<text class="label label-${label.kind}" x="${num(label.x)}" y="${num(baseline)}" font-size="${LABEL_FONT}" text-anchor="middle" ${style}>${esc(label.text)}</text>`);
  }
  return out.join('\n');
}

function renderMarker(t: Timed, x: number, y: number, scale: Scale): string {
  const kind = t.event.kind;
  const shape = markerShape(kind, x, y, kind === 'meeting' && t.end ? scale.x(t.end) : x);
  return `<g class="ev ev-${kind}"><title>${esc(tooltip(t))}</title>${shape}</g>`;
}

function tooltip(t: Timed): string {
  if (t.event.kind === 'meeting') {
    const end = t.end ? `–${t.end.toFormat('HH:mm')}` : '';
    return `${t.event.label} – ${date(t.at)} kl. ${t.at.toFormat('HH:mm')}${end}`;
  }
  return `${t.event.label} – ${date(t.at)}`;
}

/** One shape per kind, centred on (x, y); `x2` is the meeting's end. */
function markerShape(kind: TimelineKind, x: number, y: number, x2: number): string {
  const c = COLOURS[kind];
  switch (kind) {
    case 'milestone':
      return `<polygon points="${pts([x, y - 9], [x + 9, y], [x, y + 9], [x - 9, y])}" fill="${c}" stroke="#ffffff" stroke-width="1.5"/>`;
    case 'meeting': {
      const w = Math.max(10, x2 - x);
      const left = x2 - x >= 10 ? x : x - 5;
      return `<rect x="${num(left)}" y="${num(y - 5)}" width="${num(w)}" height="10" rx="5" fill="${c}"/>`;
    }
    case 'invitation':
      return `<circle cx="${num(x)}" cy="${num(y)}" r="4" fill="${c}"/>`;
    case 'reminder':
      return `<circle cx="${num(x)}" cy="${num(y)}" r="3.5" fill="#ffffff" stroke="${c}" stroke-width="2"/>`;
    case 'request':
      return `<rect x="${num(x - 3.5)}" y="${num(y - 3.5)}" width="7" height="7" fill="${c}"/>`;
    case 'summary':
      return `<rect x="${num(x - 3.5)}" y="${num(y - 3.5)}" width="7" height="7" fill="#ffffff" stroke="${c}" stroke-width="2"/>`;
    case 'escalation':
      return `<polygon points="${pts([x, y - 9], [x + 8, y + 6], [x - 8, y + 6])}" fill="${c}" stroke="#ffffff" stroke-width="1"/>`;
    case 'cancelled':
      return `<path d="M${num(x - 5)} ${num(y - 5)}L${num(x + 5)} ${num(y + 5)}M${num(x + 5)} ${num(y - 5)}L${num(x - 5)} ${num(y + 5)}" stroke="${c}" stroke-width="2.5" stroke-linecap="round"/>`;
    case 'pause':
      return `<rect x="${num(x - 6)}" y="${num(y - 6)}" width="12" height="12" fill="url(#pause-hatch)" stroke="${c}"/>`;
  }
}

/** The legend in one or more rows at the bottom; returns the y below it. */
function renderLegend(top: number): { svg: string; bottom: number } {
  const out: string[] = ['<g class="legend">'];
  let x = LANE_LABEL_X;
  let y = top;
  for (const [kind, text] of LEGEND) {
    const w = 22 + textWidth(text, false, 12) + 22;
    if (x + w > WIDTH - LANE_LABEL_X) {
      x = LANE_LABEL_X;
      y += 22;
    }
    out.push(
      `<g class="legend-item legend-${kind}">${markerShape(kind, x + 8, y, x + 8)}`,
      `<text x="${num(x + 22)}" y="${num(y + 4)}" font-size="12" fill="#343a40">${esc(text)}</text></g>`,
    );
    x += w;
  }
  out.push('</g>');
  return { svg: out.join('\n'), bottom: y + 10 };
}

function renderEmpty(options: TimelineSvgOptions): string {
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="480" height="120" viewBox="0 0 480 120" font-family="sans-serif" role="img">',
    `<title>${esc(options.title)}</title>`,
    '<rect width="480" height="120" fill="#ffffff"/>',
    `<text class="title" x="16" y="30" font-size="18" font-weight="700" fill="#212529">${esc(options.title)}</text>`,
    '<text class="empty" x="240" y="78" font-size="14" text-anchor="middle" fill="#6c757d">Ingen hendelser</text>',
    '</svg>',
    '',
  ].join('\n');
}

function date(t: DateTime): string {
  return t.toFormat('dd.MM.yyyy');
}

function pts(...points: [number, number][]): string {
  return points.map(([x, y]) => `${num(x)},${num(y)}`).join(' ');
}

/** Fixed precision keeps the output byte-for-byte stable. */
function num(v: number): string {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

/** XML-escapes text and drops characters XML 1.0 does not allow. */
function esc(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
