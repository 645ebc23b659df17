import {
  type ReportInput,
  type ReportMeasure,
  reportHtml,
  reportJson,
  reportMarkdown,
  summarise,
} from '../../domain/plan/report';

// Seed 001: Overhalla kommune, rusmiddelpolitisk handlingsplan 2011–2015; the 2014 round due Friday 13 June.
const FOLKEHELSE = 'Tydelig folkehelseperspektiv';
const KOMPETANSE = 'Bedre kvalitet og økt kompetanse';
const SAMHANDLING = 'Forpliktende samhandling';

const m = (id: string, goal: string, owner: string, status: ReportMeasure['status'], late = false, comment?: string): ReportMeasure => ({
  id,
  goal,
  measure: `Tiltak ${id}`,
  owner,
  status,
  late,
  ...(comment === undefined ? {} : { comment }),
  ...(status === undefined ? {} : { answeredAt: '2014-06-10T08:00:00.000Z' }),
});

const overhalla = (measures: ReportMeasure[], over: Partial<ReportInput> = {}): ReportInput => ({
  municipality: 'Overhalla kommune',
  plan: 'Rusmiddelpolitisk handlingsplan 2011–2015',
  year: 2014,
  deadline: '2014-06-13',
  closed: true,
  language: 'nb',
  measures,
  ...over,
});

const ten = overhalla([
  m('1.1', FOLKEHELSE, 'Oppvekst', 'green'),
  m('2.1', KOMPETANSE, 'NAV', 'yellow', true),
  m('1.2', FOLKEHELSE, 'Helse og omsorg', 'green'),
  m('3.1', SAMHANDLING, 'Økonomi', undefined, true),
  m('1.3', FOLKEHELSE, 'Oppvekst', 'red'),
  m('2.2', KOMPETANSE, 'NAV', undefined, true),
  m('1.4', FOLKEHELSE, 'Arbeid', 'done'),
  m('3.2', SAMHANDLING, 'Arbeid', 'green', true),
  m('2.3', KOMPETANSE, 'Helse og omsorg', 'done'),
  m('3.3', SAMHANDLING, 'Oppvekst', 'green'),
]);

describe('summarise', () => {
  test('counts by traffic light and names late owners once, sorted in the plan language (Ø after A–Z)', () => {
    expect(summarise(ten)).toEqual({
      total: 10,
      green: 4,
      yellow: 1,
      red: 1,
      done: 2,
      unanswered: 2,
      late: ['Arbeid', 'NAV', 'Økonomi'],
    });
  });

  test('once the round has closed a missing answer counts as late even if not flagged', () => {
    const input = overhalla([m('1.1', FOLKEHELSE, 'Oppvekst', undefined, false)]);
    expect(summarise(input).late).toEqual(['Oppvekst']);
    expect(summarise({ ...input, closed: false }).late).toEqual([]);
  });
});

describe('reportJson', () => {
  test('groups measures by goal in order of first appearance, keeping plan order inside a goal', () => {
    const json = reportJson(ten);
    expect(json.goals.map((g) => g.goal)).toEqual([FOLKEHELSE, KOMPETANSE, SAMHANDLING]);
    expect(json.goals.map((g) => g.measures.map((x) => x.id))).toEqual([
      ['1.1', '1.2', '1.3', '1.4'],
      ['2.1', '2.2', '2.3'],
      ['3.1', '3.2', '3.3'],
    ]);
    expect(json.goals[1].counts).toEqual({ total: 3, green: 0, yellow: 1, red: 0, done: 1, unanswered: 1 });
    expect(json).toMatchObject({ municipality: 'Overhalla kommune', year: 2014, deadline: '2014-06-13', closed: true });
    expect(json.summary).toEqual(summarise(ten));
  });

  test('is plain data (survives a JSON round trip) and does not alias the input', () => {
    const json = reportJson(ten);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    json.goals[0].measures[0].owner = 'changed';
    expect(ten.measures[0].owner).toBe('Oppvekst');
  });
});

describe('reportMarkdown', () => {
  const small = overhalla([
    m('1.1', FOLKEHELSE, 'Oppvekst', 'green', false, 'I gang'),
    m('1.2', FOLKEHELSE, 'Helse | omsorg', 'green'),
    m('1.3', FOLKEHELSE, 'Oppvekst', 'yellow'),
    { ...m('2.1', KOMPETANSE, 'NAV', undefined, true), measure: 'Kurs for ansatte\nhvert år' },
  ]);

  test('exact output for a small input: title, deadline, bars of width 20, tables, late answers', () => {
    expect(reportMarkdown(small).split('\n')).toEqual([
      '# Årsrapport 2014 – Rusmiddelpolitisk handlingsplan 2011–2015, Overhalla kommune',
      '',
      'Svarfrist: fredag 13. juni 2014',
      '',
      '## Status',
      '',
      'Tiltak i alt: 4',
      '',
      '```text',
      'Grønn      ██████████░░░░░░░░░░ 2',
      'Gul        █████░░░░░░░░░░░░░░░ 1',
      'Rød        ░░░░░░░░░░░░░░░░░░░░ 0',
      'Ferdig     ░░░░░░░░░░░░░░░░░░░░ 0',
      'Ikke svart █████░░░░░░░░░░░░░░░ 1',
      '```',
      '',
      `## Delmål: ${FOLKEHELSE}`,
      '',
      'Grønn 2 · Gul 1',
      '',
      '| Nr | Tiltak | Ansvarlig | Status | Kommentar |',
      '|---|---|---|---|---|',
      '| 1.1 | Tiltak 1.1 | Oppvekst | Grønn | I gang |',
      '| 1.2 | Tiltak 1.2 | Helse \\| omsorg | Grønn |  |',
      '| 1.3 | Tiltak 1.3 | Oppvekst | Gul |  |',
      '',
      `## Delmål: ${KOMPETANSE}`,
      '',
      'Ikke svart 1',
      '',
      '| Nr | Tiltak | Ansvarlig | Status | Kommentar |',
      '|---|---|---|---|---|',
      '| 2.1 | Kurs for ansatte<br>hvert år | NAV | Ikke svart |  |',
      '',
      '## Sene og manglende svar',
      '',
      '- **NAV**: 2.1 (ikke svart)',
      '',
    ]);
  });

  test('an interim report says so', () => {
    const md = reportMarkdown({ ...small, closed: false });
    expect(md).toContain('# Årsrapport 2014 (foreløpig) – ');
    expect(md).toContain('Runden er ikke avsluttet; rapporten viser svarene så langt.');
  });

  test('a small non-zero share still shows one block, and the output is deterministic', () => {
    const many = overhalla([m('1.1', FOLKEHELSE, 'A', 'red'), ...Array.from({ length: 49 }, (_, i) => m(`2.${i}`, KOMPETANSE, 'B', 'green'))]);
    const md = reportMarkdown(many);
    expect(md).toContain(`Rød        █${'░'.repeat(19)}  1`);
    expect(md).toContain(`Grønn      ${'█'.repeat(19)}░ 49`);
    expect(reportMarkdown(many)).toBe(md);
  });
});

describe('reportHtml', () => {
  const hostile = overhalla([
    { ...m('1.1', FOLKEHELSE, 'Oppvekst', 'green'), measure: 'Kveld <script>alert(1)</script> & "natt" \'ute\'' },
    m('1.2', FOLKEHELSE, 'NAV', 'yellow'),
    m('1.3', FOLKEHELSE, 'Helse & omsorg', 'red'),
  ]);

  test('a stacked bar of inline-styled cells whose widths sum to 100, in the right colours', () => {
    const html = reportHtml(hostile);
    const bar = html.match(/<table role="presentation"[^>]*><tr>(.*?)<\/tr><\/table>/)?.[1] ?? '';
    const cells = [...bar.matchAll(/<td width="(\d+)%" bgcolor="(#[0-9a-f]{6})"[^>]*style="width:(\d+)%;/g)];
    expect(cells.map((c) => [Number(c[1]), c[2]])).toEqual([
      [34, '#2b8a3e'],
      [33, '#f0b400'],
      [33, '#c92a2a'],
    ]);
    expect(cells.every((c) => c[1] === c[3])).toBe(true);
    expect(cells.reduce((sum, c) => sum + Number(c[1]), 0)).toBe(100);
  });

  test('widths follow the counts and leave out empty categories', () => {
    const html = reportHtml(ten);
    const widths = [...html.matchAll(/<td width="(\d+)%" bgcolor="(#[0-9a-f]{6})"/g)].map((c) => `${c[2]} ${c[1]}`);
    expect(widths).toEqual(['#2b8a3e 40', '#f0b400 10', '#c92a2a 10', '#1c7ed6 20', '#adb5bd 20']);
  });

  test('escapes every value; no script, no external resources', () => {
    const html = reportHtml(hostile);
    expect(html).toContain('Kveld &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;natt&quot; &#39;ute&#39;');
    expect(html).toContain('Helse &amp; omsorg');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<(link|img|style)\b|src=|url\(/i);
    expect(html.startsWith('<div')).toBe(true);
    expect(html.trimEnd().endsWith('</div>')).toBe(true);
  });

  test('a legend with every category and its count, and the goal table headers', () => {
    const html = reportHtml(ten);
    for (const [word, n] of [['Grønn', 4], ['Gul', 1], ['Rød', 1], ['Ferdig', 2], ['Ikke svart', 2]] as const) {
      expect(html).toMatch(new RegExp(`>${word}</td><td[^>]*>${n}</td>`));
    }
    for (const h of ['Nr', 'Tiltak', 'Ansvarlig', 'Status', 'Kommentar']) expect(html).toContain(`>${h}</th>`);
    expect(html).toContain('<strong>NAV</strong>: 2.1 (svart etter fristen), 2.2 (ikke svart)');
  });
});

describe('languages', () => {
  const all = (language: ReportInput['language']) =>
    overhalla(
      [m('5.1', 'Mål', 'A', 'green'), m('5.2', 'Mål', 'B', 'yellow'), m('5.3', 'Mål', 'C', 'red'), m('5.4', 'Mål', 'D', 'done'), m('5.5', 'Mål', 'E', undefined)],
      { language, closed: false },
    );

  test.each([
    ['nb', ['Grønn', 'Gul', 'Rød', 'Ferdig', 'Ikke svart'], 'fredag 13. juni 2014', 'foreløpig', 'Delmål', 'Tiltak', 'Ansvarlig'],
    ['nn', ['Grøn', 'Gul', 'Raud', 'Ferdig', 'Ikkje svara'], 'fredag 13. juni 2014', 'førebels', 'Delmål', 'Tiltak', 'Ansvarleg'],
    ['da', ['Grøn', 'Gul', 'Rød', 'Færdig', 'Ikke besvaret'], 'fredag den 13. juni 2014', 'foreløbig', 'Mål', 'Indsats', 'Ansvarlig'],
  ] as const)('%s: traffic-light words, natural deadline, interim mark, headers', (language, lights, date, interim, goal, measure, owner) => {
    const input = all(language);
    const md = reportMarkdown(input);
    const html = reportHtml(input);
    for (const word of lights) {
      expect(md).toMatch(new RegExp(`^${word} +[█░]{20} 1$`, 'm'));
      expect(md).toMatch(new RegExp(`\\| ${word} \\|`));
      expect(html).toContain(`>${word}</td>`);
    }
    expect(md).toContain(`Svarfrist: ${date}`);
    expect(html).toContain(`Svarfrist: ${date}`);
    expect(md).toContain(`# Årsrapport 2014 (${interim}) – `);
    expect(md).toContain(`## ${goal}: Mål`);
    expect(md).toContain(`| Nr | ${measure} | ${owner} | Status | Kommentar |`);
  });

  test('en: English words, an English date, English headers', () => {
    const md = reportMarkdown(all('en'));
    for (const word of ['Green', 'Yellow', 'Red', 'Done', 'No answer']) expect(md).toMatch(new RegExp(`^${word} +[█░]{20} 1$`, 'm'));
    expect(md).toContain('Answers due: Friday, June 13, 2014');
    expect(md).toContain('# Annual report 2014 (interim) – ');
    expect(md).toContain('| No. | Measure | Responsible | Status | Comment |');
    expect(md).toContain('Nobody is late so far; 1 measure still has no answer.');
    expect(md).not.toMatch(/Svarfrist|Grønn|Ikke svart|Delmål|Ansvarlig/);
  });

  test('nn and da say that nobody is late yet', () => {
    expect(reportMarkdown(all('nn'))).toContain('Ingen er forseinka så langt; 1 tiltak manglar framleis svar.');
    expect(reportMarkdown(all('da'))).toContain('Ingen er forsinket indtil videre; 1 indsats mangler stadig svar.');
  });
});

describe('edge cases', () => {
  test('nobody late: the report says all answered in time', () => {
    const input = overhalla([m('1.1', FOLKEHELSE, 'Oppvekst', 'green'), m('1.2', FOLKEHELSE, 'NAV', 'done')]);
    expect(summarise(input).late).toEqual([]);
    expect(reportMarkdown(input)).toContain('## Sene og manglende svar\n\nAlle svarte innen fristen.\n');
    expect(reportHtml(input)).toContain('>Alle svarte innen fristen.</p>');
    expect(reportMarkdown({ ...input, language: 'nn' })).toContain('Alle svara innan fristen.');
    expect(reportMarkdown({ ...input, language: 'da' })).toContain('Alle svarede inden fristen.');
  });

  test('no measures: zero counts, no NaN or Infinity, a sentence instead of the bar', () => {
    const empty = overhalla([], { language: 'da' });
    expect(summarise(empty)).toEqual({ total: 0, green: 0, yellow: 0, red: 0, done: 0, unanswered: 0, late: [] });
    expect(reportJson(empty).goals).toEqual([]);
    const md = reportMarkdown(empty);
    const html = reportHtml(empty);
    for (const out of [md, html]) {
      expect(out).not.toMatch(/NaN|Infinity|undefined/);
      expect(out).toContain('Planen har ingen indsatser.');
      expect(out).toContain('Svarfrist: fredag den 13. juni 2014');
    }
    expect(html).not.toContain('role="presentation"');
  });

  test('an unreadable deadline is printed as given', () => {
    expect(reportMarkdown(overhalla([], { deadline: 'snart' }))).toContain('Svarfrist: snart');
  });
});
