import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { renderTimelineSvg, type TimelineEvent } from '../../client/simulate/svg';

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string; // decoded character data directly inside this element
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes character data strictly: a bare `&`, or `<` where it may not be, is an error. */
function decode(raw: string, where: number): string {
  if (raw.includes('<')) throw new Error(`'<' in character data at ${where}`);
  return raw.replace(/&([^;]*);?/g, (match, name: string) => {
    if (!match.endsWith(';')) throw new Error(`unterminated entity at ${where}`);
    if (name in ENTITIES) return ENTITIES[name];
    const code = /^#x([0-9a-fA-F]+)$/.exec(name)?.[1] ?? /^#([0-9]+)$/.exec(name)?.[1];
    if (code === undefined) throw new Error(`unknown entity &${name}; at ${where}`);
    return String.fromCodePoint(name.startsWith('#x') ? parseInt(code, 16) : parseInt(code, 10));
  });
}

/**
 * A small strict XML parser (elements, attributes, text, entities; no comments, CDATA, DTDs or
 * processing instructions, which the renderer never emits). Throws on anything not well-formed.
 */
function parseXml(xml: string): XmlElement {
  const name = /[A-Za-z_:][\w:.-]*/y;
  const attr = /\s+([A-Za-z_:][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let pos = 0;
  while (pos < xml.length) {
    const lt = xml.indexOf('<', pos);
    const textEnd = lt === -1 ? xml.length : lt;
    const text = xml.slice(pos, textEnd);
    if (stack.length === 0) {
      if (text.trim() !== '') throw new Error(`content outside the root element at ${pos}`);
    } else {
      stack[stack.length - 1].text += decode(text, pos);
    }
    if (lt === -1) break;
    pos = lt + 1;
    if (xml[pos] === '/') {
      name.lastIndex = pos + 1;
      const m = name.exec(xml);
      if (!m) throw new Error(`bad end tag at ${pos}`);
      pos = name.lastIndex;
      while (/\s/.test(xml[pos] ?? '')) pos++;
      if (xml[pos] !== '>') throw new Error(`bad end tag at ${pos}`);
      pos++;
      const open = stack.pop();
      if (!open || open.name !== m[0]) throw new Error(`</${m[0]}> does not close <${open?.name}> at ${pos}`);
      continue;
    }
    name.lastIndex = pos;
    const m = name.exec(xml);
    if (!m) throw new Error(`bad start tag at ${pos}`);
    pos = name.lastIndex;
    const element: XmlElement = { name: m[0], attrs: {}, children: [], text: '' };
    for (;;) {
      attr.lastIndex = pos;
      const a = attr.exec(xml);
      if (!a) break;
      if (a[1] in element.attrs) throw new Error(`duplicate attribute ${a[1]} at ${pos}`);
      element.attrs[a[1]] = decode(a[2] ?? a[3], pos);
      pos = attr.lastIndex;
    }
    while (/\s/.test(xml[pos] ?? '')) pos++;
    const selfClosing = xml.startsWith('/>', pos);
    if (!selfClosing && xml[pos] !== '>') throw new Error(`malformed tag <${m[0]}> at ${pos}`);
    pos += selfClosing ? 2 : 1;
    if (stack.length > 0) stack[stack.length - 1].children.push(element);
    else if (root) throw new Error(`second root element at ${pos}`);
    else root = element;
    if (!selfClosing) stack.push(element);
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
  if (!root) throw new Error('no root element');
  return root;
}

function all(el: XmlElement, pred: (e: XmlElement) => boolean): XmlElement[] {
  return [...(pred(el) ? [el] : []), ...el.children.flatMap((c) => all(c, pred))];
}

const hasClass = (cls: string) => (e: XmlElement) => (e.attrs.class ?? '').split(/\s+/).includes(cls);
const textOf = (e: XmlElement): string => e.text + e.children.filter((c) => c.name !== 'title').map(textOf).join('');

const ZONE = 'Europe/Oslo';
const OPTIONS = { title: 'Samarbeid Nordby og Sørby', subtitle: 'Simulert forløp', zone: ZONE };
const local = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toUTC().toISO()!;

const EVENTS: TimelineEvent[] = [
  { at: local('2027-01-12T09:00'), end: local('2027-01-12T15:00'), lane: 'Felles', kind: 'meeting', label: 'Oppstartseminar' },
  { at: local('2027-01-12T15:00'), lane: 'Felles', kind: 'milestone', label: 'Oppstartseminar holdt' },
  { at: local('2027-01-05T08:00'), lane: 'Felles', kind: 'invitation', label: 'Invitasjon til oppstartseminar' },
  { at: local('2027-01-20T08:00'), lane: 'Innsatsområde 2', kind: 'request', label: 'Forespørsel om referat' },
  { at: local('2027-01-27T08:00'), lane: 'Innsatsområde 5', kind: 'reminder', label: 'Påminnelse om referat' },
  { at: local('2027-02-03T08:00'), lane: 'Innsatsområde 2', kind: 'escalation', label: 'Eskalering til leder' },
  { at: local('2027-02-01T00:00'), end: local('2027-03-01T00:00'), lane: 'Felles', kind: 'pause', label: 'Vinterferie' },
  { at: local('2027-03-02T08:00'), lane: 'Innsatsområde 5', kind: 'cancelled', label: 'Arbeidsmøte avlyst' },
  { at: local('2027-03-10T08:00'), lane: 'Felles', kind: 'summary', label: 'Ledersammendrag mars' },
  { at: local('2027-03-15T12:00'), lane: 'Felles', kind: 'milestone', label: 'Innsatsområder valgt' },
  { at: local('2027-03-16T12:00'), lane: 'Felles', kind: 'milestone', label: 'Handlingsplan levert' },
];

describe('renderTimelineSvg', () => {
  const svg = renderTimelineSvg(EVENTS, OPTIONS);
  const doc = parseXml(svg);

  it('produces well-formed SVG with size and viewBox', () => {
    if (process.env.PLANSYKLUS_SVG_OUT) writeFileSync(join(tmpdir(), 'plansyklus-timeline.svg'), svg);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(doc.name).toBe('svg');
    expect(Number(doc.attrs.width)).toBeGreaterThanOrEqual(1000);
    expect(doc.attrs.viewBox).toBe(`0 0 ${doc.attrs.width} ${doc.attrs.height}`);
    expect(doc.attrs['font-family']).toBe('sans-serif');
    expect(svg).not.toMatch(/href=|@import|url\((?!#)/);
  });

  it('the checker itself rejects malformed XML', () => {
    expect(() => parseXml('<a><b></a></b>')).toThrow();
    expect(() => parseXml('<a>x & y</a>')).toThrow();
    expect(() => parseXml('<a x="1" x="2"/>')).toThrow();
    expect(() => parseXml('<a/><b/>')).toThrow();
    expect(() => parseXml('<a x=1/>')).toThrow();
  });

  it('escapes &, <, >, " and \' in every text it writes', () => {
    const nasty = `Møte <&"> 'sitat'`;
    const out = renderTimelineSvg(
      [
        { at: local('2027-01-10T10:00'), lane: `Lane <&">`, kind: 'milestone', label: nasty },
        { at: local('2027-01-11T10:00'), lane: `Lane <&">`, kind: 'reminder', label: nasty },
      ],
      { title: `Tittel <&">`, subtitle: `Under <&"> '`, zone: ZONE },
    );
    expect(out).toContain('Møte &lt;&amp;&quot;&gt; &apos;sitat&apos;');
    expect(out).not.toContain('<&">');
    const parsed = parseXml(out);
    expect(all(parsed, hasClass('label-milestone')).map(textOf)).toEqual([nasty]);
    expect(all(parsed, hasClass('lane-label')).map(textOf)).toEqual([`Lane <&">`]);
    expect(all(parsed, hasClass('subtitle')).map(textOf)).toEqual([`Under <&"> '`]);
    const reminder = all(parsed, hasClass('ev-reminder'))[0];
    expect(reminder.children.find((c) => c.name === 'title')?.text).toBe(`${nasty} – 11.01.2027`);
  });

  it('draws one row per lane, in order of first appearance', () => {
    expect(all(doc, hasClass('lane-label')).map(textOf)).toEqual(['Felles', 'Innsatsområde 2', 'Innsatsområde 5']);
    const rows = all(doc, hasClass('lane-bg'));
    expect(rows).toHaveLength(3);
    const ys = rows.map((r) => Number(r.attrs.y));
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
    expect(new Set(rows.map((r) => r.attrs.fill)).size).toBe(2);
  });

  it('labels monthly ticks in Norwegian from the first month to the month after the last', () => {
    expect(all(doc, hasClass('month')).map(textOf)).toEqual(['jan', 'feb', 'mar']);
    expect(all(doc, hasClass('tick')).map((t) => t.attrs['data-month'])).toEqual(['2027-01', '2027-02', '2027-03', '2027-04']);
    expect(all(doc, hasClass('year')).map(textOf)).toEqual(['2027']);
  });

  it('writes year labels at each January across a year boundary', () => {
    const out = parseXml(
      renderTimelineSvg(
        [
          { at: local('2026-11-20T10:00'), lane: 'Felles', kind: 'invitation', label: 'Invitasjon' },
          { at: local('2027-02-02T10:00'), lane: 'Felles', kind: 'reminder', label: 'Påminnelse' },
        ],
        OPTIONS,
      ),
    );
    expect(all(out, hasClass('month')).map(textOf)).toEqual(['nov', 'des', 'jan', 'feb']);
    expect(all(out, hasClass('year')).map(textOf)).toEqual(['2026', '2027']);
  });

  it('draws escalations as red triangles', () => {
    const escalations = all(doc, hasClass('ev-escalation'));
    expect(escalations).toHaveLength(1);
    const shape = escalations[0].children.find((c) => c.name === 'polygon');
    expect(shape?.attrs.points.split(' ')).toHaveLength(3);
    expect(shape?.attrs.fill).toBe('#d62828');
    expect(escalations[0].children.find((c) => c.name === 'title')?.text).toBe('Eskalering til leder – 03.02.2027');
  });

  it('gives mail markers a tooltip with the local date and no visible label', () => {
    for (const kind of ['invitation', 'reminder', 'request', 'summary']) {
      const [marker] = all(doc, hasClass(`ev-${kind}`));
      expect(marker.children[0].name).toBe('title');
      expect(marker.children[0].text).toMatch(/ – \d{2}\.\d{2}\.\d{4}$/);
      expect(all(doc, hasClass(`label-${kind}`))).toHaveLength(0);
    }
    // 00:30 in Oslo is still the previous day in UTC: the tooltip shows the local date.
    const out = parseXml(renderTimelineSvg([{ at: '2027-01-04T23:30:00.000Z', lane: 'Felles', kind: 'request', label: 'Forespørsel' }], OPTIONS));
    expect(all(out, hasClass('ev-request'))[0].children[0].text).toBe('Forespørsel – 05.01.2027');
  });

  it('labels milestones and meetings without overlapping neighbours', () => {
    const labels = all(doc, (e) => hasClass('label-milestone')(e) || hasClass('label-meeting')(e));
    expect(labels.map(textOf).sort()).toEqual(['Handlingsplan levert', 'Innsatsområder valgt', 'Oppstartseminar', 'Oppstartseminar holdt']);
    const byText = new Map(labels.map((l) => [textOf(l), l]));
    // One day apart: the two labels must not share a baseline.
    expect(byText.get('Innsatsområder valgt')!.attrs.y).not.toBe(byText.get('Handlingsplan levert')!.attrs.y);
    expect(byText.get('Oppstartseminar')!.attrs.y).not.toBe(byText.get('Oppstartseminar holdt')!.attrs.y);
    expect(all(doc, hasClass('legend')).map(textOf).join(' ')).toMatch(
      /Milepæl.*Møte\/seminar.*Invitasjon.*Påminnelse.*Forespørsel.*Eskalering.*Ledersammendrag.*Avlyst.*Pause/s,
    );
  });

  it('spans the pause band over the paused time range and all lanes', () => {
    const ticks = new Map(all(doc, hasClass('tick')).map((t) => [t.attrs['data-month'], Number(t.attrs.x1)]));
    const [band] = all(doc, hasClass('pause-band'));
    // The pause runs from 1 February to 1 March, local time: exactly between those ticks.
    expect(Number(band.attrs.x)).toBeCloseTo(ticks.get('2027-02')!, 1);
    expect(Number(band.attrs.x) + Number(band.attrs.width)).toBeCloseTo(ticks.get('2027-03')!, 1);
    const rows = all(doc, hasClass('lane-bg'));
    const last = rows[rows.length - 1];
    expect(Number(band.attrs.y)).toBeLessThanOrEqual(Number(rows[0].attrs.y));
    expect(Number(band.attrs.y) + Number(band.attrs.height)).toBeCloseTo(Number(last.attrs.y) + Number(last.attrs.height), 1);
    expect(all(doc, hasClass('ev-pause')).map(textOf).join('')).toContain('Pause');
  });

  it('is deterministic', () => {
    expect(renderTimelineSvg(EVENTS, OPTIONS)).toBe(svg);
    expect(renderTimelineSvg(structuredClone(EVENTS), { ...OPTIONS })).toBe(svg);
  });

  it('renders a small valid SVG saying "Ingen hendelser" for no events', () => {
    const out = renderTimelineSvg([], OPTIONS);
    expect(out.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const parsed = parseXml(out);
    expect(parsed.attrs.viewBox).toBe(`0 0 ${parsed.attrs.width} ${parsed.attrs.height}`);
    expect(all(parsed, hasClass('empty')).map(textOf)).toEqual(['Ingen hendelser']);
  });

  it('rejects an invalid instant or zone with a message naming it', () => {
    expect(() => renderTimelineSvg([{ at: 'i går', lane: 'Felles', kind: 'reminder', label: 'x' }], OPTIONS)).toThrow(/events\[0\]\.at/);
    expect(() => renderTimelineSvg([], { ...OPTIONS, zone: 'Mars/Olympus' })).toThrow(/tidssone/);
  });
});
