import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readPlanFile, type PlanFileResult, type PlanRow } from '../../domain/plan/planFile';

const example = (name: string) => readPlanFile(readFileSync(join(__dirname, '../../examples/plans', name), 'utf8'), name);

function rowsOf(r: PlanFileResult): PlanRow[] {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.issues, null, 2)}`);
  return r.rows;
}
function issuesOf(r: PlanFileResult) {
  if (r.ok) throw new Error(`expected issues, got ${r.rows.length} rows`);
  return r.issues;
}
const lines = (...ls: string[]) => ls.join('\n');

const NO_HEADER = 'Delmål;Tiltak;Tidsperiode;Kostnad;Beskrivelse/gjennomføring;Ansvar;Resultat';
const DA_HEADER = 'Nr.\tMål\tHvem? (Øverste navn er tovholder)\tHvordan?\tStatus nu (2013)\tTidsplan (2013-2018)';

describe('example plans', () => {
  test('Overhalla 2011–2015 as ;-separated CSV: four sections, 22 measures', () => {
    const r = example('overhalla-2011.csv');
    expect(r.ok && r.layout).toBe('no');
    const rows = rowsOf(r);
    expect(rows).toHaveLength(22);
    const count = (s: string) => rows.filter((x) => x.section === s).length;
    expect([
      count('Primærforebygging'),
      count('For risikoutsatte (sekundærforebygging)'),
      count('For rusmiddelavhengige (tertiærforebyggende)'),
      count('Annet'),
    ]).toEqual([9, 4, 6, 3]);

    expect(rows[0]).toEqual({
      line: 3,
      layout: 'no',
      section: 'Primærforebygging',
      goal: 'Tydelig folkehelseperspektiv',
      measure: 'PREMIS (ulike forebyggingsprogram)',
      period: '2011-2013',
      cost: 'Innenfor eksisterende budsjett + PREMIS tilskudd på 20.000 pr år i 3 år',
      description: 'Opplæring og informasjon fra KoRus-Midt-Norge og Fylkesmannen i Nord-Trøndelag',
      owners: ['Oppvekst', 'Helse', 'KoRus', 'FM'],
      result: 'Evalueres høsten 2013',
    });
    // Delmål carried down like a merged cell; quoted cell with doubled quotes.
    expect(rows[3]).toMatchObject({
      line: 6,
      goal: 'Tydelig folkehelseperspektiv',
      measure: 'Økt satsing på mosjonstiltak for innbyggere i alle aldre',
      description:
        'Lavterskeltilbud med mål om økt aktivitet i alle aldersgrupper via tiltak som "Aktiv på dagtid"/ "Frisklivssentral"',
      owners: ['Helse', 'NAV i samarbeid med frivillige organisasjoner som for eksempel Mental Helse', 'OIL', 'Idrettskretsen'],
    });
    expect(rows[3].result).toBeUndefined();
    const tweak = rows.find((x) => x.measure.includes('TWEAK-AUDIT'))!;
    expect(tweak).toMatchObject({ line: 11, goal: 'Bedre kvalitet og økt kompetanse', owners: ['Jordmor', 'Fastlege', 'Helsesøster'] });
    expect(rows.find((x) => x.measure.startsWith('Screening'))!.period).toBe('Årlig');

    // A result cell spanning two physical lines: the rows after it keep their real line numbers.
    const bolig = rows.find((x) => x.measure.includes('Boligsosial'))!;
    expect(bolig).toMatchObject({
      line: 15,
      section: 'For risikoutsatte (sekundærforebygging)',
      goal: 'Mer tilgjengelige tjenester og økt sosialt inkludering',
      period: '2008-2020',
      owners: ['Fagsjef helse'],
      result: 'Handlingsplan skal rulleres hvert år\nDet er planlagt rullering i 2011',
    });
    expect(bolig.cost).toBeUndefined();
    expect(rows.find((x) => x.measure.startsWith('BAPP'))).toMatchObject({
      line: 17,
      goal: 'Økt brukerinnflytelse og bedre ivaretagelse av barn og pårørende',
    });
    expect(rows.find((x) => x.measure.includes('Fra A til Å'))).toMatchObject({
      line: 19,
      section: 'For rusmiddelavhengige (tertiærforebyggende)',
      measure: 'Innføre "Fra A til Å" som arbeidsmetode',
      period: '2011-2012',
      owners: ['Helse'],
    });
    expect(rows.at(-1)).toMatchObject({
      line: 28,
      section: 'Annet',
      goal: 'Forpliktende samhandling',
      measure: 'Samarbeid mellom kommunene, Helseforetaket og frivillige organisasjoner',
      owners: ['Alle'],
      result: 'Evalueres og justeres årlig',
    });
  });

  test('Varde 2013–2018 as TSV: 20 numbered measures, continuation rows joined', () => {
    const r = example('varde-2013.tsv');
    expect(r.ok && r.layout).toBe('da');
    const rows = rowsOf(r);
    expect(rows).toHaveLength(20);
    expect(rows.map((x) => x.number)).toEqual([
      '5.1', '5.2', '5.3', '5.7a', '5.7b', '6.1', '6.2', '6.5', '6.6', '6.7',
      '7.1', '7.2', '7.3', '7.5', '10.3', '10.5', '10.6', '10.8', '10.9', '10.10',
    ]);
    const byNr = (n: string) => rows.find((x) => x.number === n)!;

    expect(byNr('5.1')).toMatchObject({
      line: 2,
      layout: 'da',
      owners: ['Jens Holm', 'Skolerådgivere'],
      period: 'Info. til skolerådgiverne i skoleåret 2013-14',
      statusText: 'Kører\nSkolerådgiverne har ikke deltaget tidligere',
    });
    expect(byNr('5.1').status).toBeUndefined();
    expect(byNr('5.1').goal).toBe(byNr('5.1').measure);
    // Line 2's quoted cells span lines 2–5.
    expect(byNr('5.2')).toMatchObject({ line: 5, owners: ['Sofie', 'Signe'] });

    // 5.3 (line 6) is continued by the row on lines 9–10: every cell appended with a newline.
    const five3 = byNr('5.3');
    expect(five3.line).toBe(6);
    expect(five3.measure).toBe(
      'Sikre, at pædagoger og lærere får større kompetencer og viden om, hvordan børn og unge med begyndende\n' +
        'mistrivsel spottes og kontaktes, samt hvordan disse unge hjælpes ind i fællesskaberne igen.',
    );
    expect(five3.goal).toBe(five3.measure);
    expect(five3.owners).toEqual(['Lone Bech', 'Det tværfaglige samarbejde', 'Sundhedsplejersker', 'psykologer', 'Skolerådgivere']);
    expect(five3.owners[0]).toBe('Lone Bech'); // tovholder
    expect(five3.period).toBe(
      'Der vil i regi af Børn og Unge blive etableret rejseophold som får til opgave at understøtte arbejdet med inklusion i dagtilbud og skoler.\n' +
        'Arbejdet er igangsat. (2013 – 2018)',
    );
    expect(five3.description).toMatch(/bestående af\ndagtilbudschef, PPR chef/);
    expect(byNr('5.7a').line).toBe(11);

    // A continuation filling only the status cell.
    expect(byNr('6.6')).toMatchObject({
      line: 23,
      period: '2013 - medio 2014',
      statusText: 'Der tages kontakt til Bevillingsnævnet med henblik på drøftelse af emnet. Opfølgning/orientering i\nLokalrådsregi',
    });
    expect(byNr('10.9')).toMatchObject({
      measure: 'Sikre at, der etableres forældregrupper, så forældre\nkan støtte og hjælpe hinanden, hvis deres unge har misbrugsproblemer.',
      owners: ['Jens Holm', 'BUF'],
      period: 'Ultimo 2013',
    });
    // Danish Hvem is not split on " og ".
    expect(byNr('10.3').owners).toEqual(['Mette Kjær og Maja Christoffersen']);
    expect(byNr('10.10')).toMatchObject({ line: 47, period: '2014', owners: ['Maja Christoffersen'] });
  });

  test('Overhalla as YAML sections: lines of the list items, sections, Delmål carried within a section', () => {
    const r = example('overhalla-2011.yaml');
    expect(r.ok && r.layout).toBe('no');
    const rows = rowsOf(r);
    expect(rows).toHaveLength(7);
    expect(rows.map((x) => [x.line, x.section, x.goal])).toEqual([
      [5, 'Primærforebygging', 'Tydelig folkehelseperspektiv'],
      [12, 'Primærforebygging', 'Tydelig folkehelseperspektiv'],
      [18, 'Primærforebygging', 'Bedre kvalitet og økt kompetanse'],
      [25, 'For risikoutsatte (sekundærforebygging)', 'Mer tilgjengelige tjenester og økt sosialt inkludering'],
      [37, 'For rusmiddelavhengige (tertiærforebyggende)', 'Mer tilgjengelige tjenester og økt sosialt inkludering'],
      [44, 'For rusmiddelavhengige (tertiærforebyggende)', 'Bedre ivaretagelse av barn og pårørende'],
      [52, 'Annet', 'Forpliktende samhandling'],
    ]);
    expect(rows[1].owners).toEqual(['Helse', 'Oppvekst', 'Tamburinteam']); // a YAML list
    expect(rows[0].owners).toEqual(['Oppvekst', 'Helse', 'KoRus', 'FM']);
    expect(rows[3].result).toBe('Handlingsplan skal rulleres hvert år\nDet er planlagt rullering i 2011');
    expect(rows[3].description).toMatch(/^Planen har som mål .* prioriteringer fram til 2020\.$/);
    // The same measure reads the same from CSV and YAML.
    const csv = rowsOf(example('overhalla-2011.csv')).find((x) => x.measure === rows[0].measure)!;
    expect({ ...rows[0], line: 0 }).toEqual({ ...csv, line: 0 });
  });
});

describe('CSV and TSV reading', () => {
  test('quoted cells with ";", doubled quotes and newlines; line numbers count physical lines', () => {
    const text = lines(
      NO_HEADER,
      'Tydelig folkehelseperspektiv;"MOT; i lokalsamfunnet";2011-2015;;"Linje én',
      'linje ""to""',
      'linje tre";"Helse',
      'Oppvekst";Evalueres årlig',
      ';Ungdomsklubben;;;;Kultur;',
    );
    const issues = issuesOf(readPlanFile(text, 'plan.csv'));
    expect(issues).toEqual([{ line: 6, column: 'Tidsperiode', reason: 'tidsperioden mangler' }]);

    const rows = rowsOf(readPlanFile(text.replace(';;;;Kultur', ';2012;;;Kultur'), 'plan.csv'));
    expect(rows).toEqual([
      {
        line: 2,
        layout: 'no',
        goal: 'Tydelig folkehelseperspektiv',
        measure: 'MOT; i lokalsamfunnet',
        period: '2011-2015',
        description: 'Linje én\nlinje "to"\nlinje tre',
        owners: ['Helse', 'Oppvekst'],
        result: 'Evalueres årlig',
      },
      { line: 6, layout: 'no', goal: 'Tydelig folkehelseperspektiv', measure: 'Ungdomsklubben', period: '2012', owners: ['Kultur'] },
    ]);
  });

  test('comma CSV with BOM, CRLF, a title before the header and blank Excel rows', () => {
    const text =
      '\uFEFFRusmiddelpolitisk handlingsplan, Overhalla kommune\r\n\r\n' +
      'Delmål,Tiltak,Tidsperiode,Ansvar\r\n' +
      ',,,\r\n' +
      'Tydelig folkehelseperspektiv,"PREMIS, ulike program",2011-2013,"Oppvekst, Helse, KoRus og FM"\r\n';
    const r = readPlanFile(text, 'PLAN.CSV');
    expect(r.ok && r.layout).toBe('no');
    expect(rowsOf(r)).toEqual([
      {
        line: 5,
        layout: 'no',
        goal: 'Tydelig folkehelseperspektiv',
        measure: 'PREMIS, ulike program',
        period: '2011-2013',
        owners: ['Oppvekst', 'Helse', 'KoRus', 'FM'],
      },
    ]);
  });

  test('section rows carry down and reset the Delmål; a header repeated per section is skipped', () => {
    const text = lines(
      'Delmål\tTiltak\tTidsperiode\tKostnad\tBeskrivelse/ gjennomføring\tAnsvar\tResultat',
      'Primærforebygging',
      'Tydelig folkehelseperspektiv\tPREMIS\t2011-2013\t\t\tOppvekst/Helse\t',
      'For risikoutsatte (Sekundærforebygging)\t\t\t\t\t\t',
      '\tTiltak\tTidsperiode\tKostnad\tBeskrivelse/ Gjennomføring\tAnsvar\tResultat',
      '\tLavterskeltilbud\t2011-2015\t\t\tFastlege, Helse\tEvalueres årlig',
    );
    const rows = rowsOf(readPlanFile(text, 'plan.txt'));
    expect(rows.map((x) => [x.line, x.section, x.goal, x.owners])).toEqual([
      [3, 'Primærforebygging', 'Tydelig folkehelseperspektiv', ['Oppvekst', 'Helse']],
      [6, 'For risikoutsatte (Sekundærforebygging)', '', ['Fastlege', 'Helse']],
    ]);
  });

  test('Danish status: traffic-light words mapped, the rest kept as statusText; legend before the header ignored', () => {
    const text = lines(
      'Rusmiddelstrategien – indsatser og handleplaner',
      '',
      'Grøn: Indsatsen er i gang og fungerer. **Gul:** Noget er sat i gang, vi følger hvad der sker. **Rød:** Indsats/beskrivelse mangler!',
      '',
      DA_HEADER,
      '1\tMål 1\tA\t\tGrøn\t2014',
      '2\tMål 2\tA\t\tgul: vi følger det\t2014',
      '3\tMål 3\tA\t\tRød - mangler beskrivelse\t2014',
      '4\tMål 4\tA\t\tFærdig\t2014',
      '5\tMål 5\tA\t\tGrønn, ferdig til høsten\t2014',
      '6\tMål 6\tA\t\tFerdig.\t2014',
      '7\tMål 7\tA\t\tGrønland-projektet kører\t2014',
      '8\tMål 8\tA\t\t\t2014',
      '9\tMål 9\tA\t\tKører\t2014',
      '\t\t\t\tGul fra 2014\t',
    );
    const rows = rowsOf(readPlanFile(text, 'varde.tsv'));
    expect(rows.map((x) => [x.line, x.status, x.statusText])).toEqual([
      [6, 'green', undefined],
      [7, 'yellow', 'vi følger det'],
      [8, 'red', 'mangler beskrivelse'],
      [9, 'done', undefined],
      [10, 'green', 'ferdig til høsten'],
      [11, 'done', undefined],
      [12, undefined, 'Grønland-projektet kører'],
      [13, undefined, undefined],
      [14, undefined, 'Kører\nGul fra 2014'],
    ]);
  });

  test('Danish owners: newlines, " / " and commas; references to other measures are kept as text', () => {
    const text = lines(
      DA_HEADER,
      '9.1\tSikre synlig og lettilgængelig rådgivning\t"Jens Holm / Center for Misbrug, BUF',
      'SSP/BUF"\tSe 6.9, 6.10, 6.11\tSe 6.9, 6.10, 6.11\t2013-2018',
    );
    expect(rowsOf(readPlanFile(text, 'v.tsv'))).toEqual([
      {
        line: 2,
        layout: 'da',
        number: '9.1',
        goal: 'Sikre synlig og lettilgængelig rådgivning',
        measure: 'Sikre synlig og lettilgængelig rådgivning',
        period: '2013-2018',
        description: 'Se 6.9, 6.10, 6.11',
        owners: ['Jens Holm', 'Center for Misbrug', 'BUF', 'SSP/BUF'],
        statusText: 'Se 6.9, 6.10, 6.11',
      },
    ]);
  });
});

describe('issues', () => {
  test('missing measure, missing period and no owner, all reported at once (Norwegian)', () => {
    const text = lines(
      NO_HEADER,
      'Primærforebygging;;;;;;',
      'Tydelig folkehelseperspektiv;;2011-2015;;;Helse;',
      ';Økt satsing på MOT;;;;Helse;',
      ';Informasjon om russituasjonen;2011-2015;;;;',
      ';"Flere linjer',
      'i tiltaket";2011-2015;;;" , / ";',
      ';Regelmessig kartlegging av russituasjonen i kommunen;;Innenfor eksisterende budsjett + prosjektmidler;;Psykiatritjenesten;',
      ';;;;;;Evalueres årlig',
    );
    expect(issuesOf(readPlanFile(text, 'overhalla.csv'))).toEqual([
      { line: 3, column: 'Tiltak', reason: 'tiltaket mangler' },
      { line: 4, column: 'Tidsperiode', reason: 'tidsperioden mangler' },
      { line: 5, column: 'Ansvar', reason: 'ingen ansvarlig er oppgitt' },
      { line: 6, column: 'Ansvar', reason: 'ingen ansvarlig er oppgitt' },
      { line: 8, column: 'Tidsperiode', reason: 'tidsperioden mangler' },
      { line: 9, column: 'Tiltak', reason: 'tiltaket mangler' },
      { line: 9, column: 'Tidsperiode', reason: 'tidsperioden mangler' },
      { line: 9, column: 'Ansvar', reason: 'ingen ansvarlig er oppgitt' },
    ]);
  });

  test('Danish rows from seed 003 without owner and timetable; a continuation before any numbered row', () => {
    const text = lines(
      DA_HEADER,
      '\tfortsat tekst\tNogen\t\t\t',
      '6.11\tSikre, at borgere, der har et forbrug af alkohol, der er større end sundhedsstyrelsens anbefalinger, kan få hjælp til at reducere deres forbrug, inden det vokser sig større.\t\t\tKører i dag under CfS og alkohol-behandlingen\t',
      '9.1\tSikre synlig og lettilgængelig rådgivning\t\t\tSe 6.9, 6.10, 6.11\t',
      '9.6\t\tJens Holm\tU 18 år misbrugskonsulent\tFungerer\t2014',
      '9.7\tArbejde for, at der er forskellige tilbud om behandling som passer til den\tGrete Lund\t\t\t',
      '\tenkelte.\t\t\t\t2013-2018',
    );
    expect(issuesOf(readPlanFile(text, 'varde.tsv'))).toEqual([
      { line: 2, column: 'Nr', reason: 'fortsettelsesrad (tomt Nr) uten en nummerert rad over seg' },
      { line: 3, column: 'Tidsplan', reason: 'tidsplanen mangler' },
      { line: 3, column: 'Hvem', reason: 'ingen ansvarlig (tovholder) er oppgitt' },
      { line: 4, column: 'Tidsplan', reason: 'tidsplanen mangler' },
      { line: 4, column: 'Hvem', reason: 'ingen ansvarlig (tovholder) er oppgitt' },
      { line: 5, column: 'Mål', reason: 'målet mangler' },
    ]);
  });

  test('unknown header: one issue on the header line naming the columns found and both layouts', () => {
    const text = lines('Handlingsplan 2011', 'Hva;Hvorfor;Når', 'Noe;Fordi;2012');
    expect(issuesOf(readPlanFile(text, 'plan.csv'))).toEqual([
      {
        line: 2,
        reason:
          'ukjent overskriftsrad: fant kolonnene «Hva», «Hvorfor», «Når»; forventet norsk oppsett (Delmål, Tiltak, ' +
          'Tidsperiode, Kostnad, Beskrivelse/gjennomføring, Ansvar, Resultat) eller dansk oppsett (Nr, Mål, Hvem, Hvordan, Status, Tidsplan)',
      },
    ]);
  });

  test('missing columns: one issue per missing column on the header line', () => {
    expect(issuesOf(readPlanFile(lines('', 'Delmål;Tiltak;Kostnad;Resultat', 'a;b;c;d'), 'plan.csv'))).toEqual([
      { line: 2, column: 'Tidsperiode', reason: 'kolonnen «Tidsperiode» mangler i overskriftsraden (norsk oppsett)' },
      { line: 2, column: 'Ansvar', reason: 'kolonnen «Ansvar» mangler i overskriftsraden (norsk oppsett)' },
    ]);
    expect(issuesOf(readPlanFile(lines('Mål\tHvem?\tHvordan?\tTidsplan'), 'varde.tsv'))).toEqual([
      { line: 1, column: 'Nr', reason: 'kolonnen «Nr» mangler i overskriftsraden (dansk oppsett)' },
    ]);
  });

  test('duplicate column, extra cells, an unclosed quote and an unknown file type', () => {
    expect(issuesOf(readPlanFile('Tiltak;Tidsperiode;Ansvar;Tiltak\n', 'p.csv'))).toEqual([
      { line: 1, column: 'Tiltak', reason: 'kolonnen «Tiltak» finnes flere ganger i overskriftsraden' },
    ]);
    expect(issuesOf(readPlanFile('Tiltak;Tidsperiode;Ansvar\nMOT;2011;Helse;;ekstra\n', 'p.csv'))).toEqual([
      { line: 2, reason: 'raden har 5 celler, men overskriftsraden har bare 3' },
    ]);
    expect(issuesOf(readPlanFile('Tiltak;Tidsperiode;Ansvar\nMOT;2011;"Helse\n\n', 'p.csv'))).toEqual([
      { line: 2, reason: 'cellen som begynner med anførselstegn på linje 2, blir aldri avsluttet' },
    ]);
    expect(issuesOf(readPlanFile('x', 'plan.xlsx'))).toEqual([
      { line: 1, reason: 'ukjent filtype «.xlsx» for «plan.xlsx»: bruk .csv, .tsv, .txt, .yaml eller .yml' },
    ]);
    expect(issuesOf(readPlanFile('\uFEFF\n\n', 'plan.csv'))).toEqual([{ line: 1, reason: 'filen er tom' }]);
    expect(issuesOf(readPlanFile(NO_HEADER, 'plan.csv'))).toEqual([
      { line: 1, reason: 'filen har ingen tiltak under overskriftsraden' },
    ]);
  });
});

describe('YAML', () => {
  test('a plain list in the Danish layout', () => {
    const text = lines(
      '- Nr: "5.2"',
      '  Mål: Udarbejde en hjælpepakke til sundhedsplejerske, dagpleje, institutioner og skoler',
      '  Hvem: |',
      '    Sofie',
      '    Signe',
      '  Status: Gul, udkast til informationsfolder',
      '  Tidsplan: 2014',
    );
    expect(rowsOf(readPlanFile(text, 'varde.yml'))).toEqual([
      {
        line: 1,
        layout: 'da',
        number: '5.2',
        goal: 'Udarbejde en hjælpepakke til sundhedsplejerske, dagpleje, institutioner og skoler',
        measure: 'Udarbejde en hjælpepakke til sundhedsplejerske, dagpleje, institutioner og skoler',
        period: '2014',
        owners: ['Sofie', 'Signe'],
        status: 'yellow',
        statusText: 'udkast til informationsfolder',
      },
    ]);
  });

  test('a row missing a key, an unknown key, an empty value, a non-text value: all at once', () => {
    const text = lines(
      'Primærforebygging:',
      '  - Delmål: Tydelig folkehelseperspektiv',
      '    Tiltak: PREMIS',
      '    Ansvar: Oppvekst, Helse',
      '  -',
      '    Tiltak: MOT',
      '    Tidsperide: 2011-2015',
      '    Ansvar: Helse',
      '  - Tiltak: ""',
      '    Tidsperiode: 2011-2015',
      '    Ansvar: {navn: Helse}',
      'Annet: ingen',
    );
    expect(issuesOf(readPlanFile(text, 'overhalla.yaml'))).toEqual([
      { line: 2, column: 'Tidsperiode', reason: 'nøkkelen «Tidsperiode» mangler' },
      { line: 5, column: 'Tidsperiode', reason: 'nøkkelen «Tidsperiode» mangler' },
      { line: 7, column: 'Tidsperide', reason: 'ukjent nøkkel «Tidsperide» (norsk oppsett)' },
      { line: 9, column: 'Tiltak', reason: 'tiltaket mangler' },
      { line: 11, column: 'Ansvar', reason: 'verdien av «Ansvar» må være tekst' },
      // The Ansvar key is there but its value is unusable: no owner either.
      { line: 9, column: 'Ansvar', reason: 'ingen ansvarlig er oppgitt' },
      { line: 12, reason: 'seksjonen «Annet» må være en liste med tiltak' },
    ].sort((a, b) => a.line - b.line));
  });

  test('unknown keys and broken YAML', () => {
    expect(issuesOf(readPlanFile(lines('- Hva: noe', '  Når: 2012'), 'p.yaml'))).toEqual([
      {
        line: 1,
        reason:
          'ukjente nøkler: fant «Hva», «Når»; forventet norsk oppsett (Delmål, Tiltak, Tidsperiode, Kostnad, ' +
          'Beskrivelse/gjennomføring, Ansvar, Resultat) eller dansk oppsett (Nr, Mål, Hvem, Hvordan, Status, Tidsplan)',
      },
    ]);
    const broken = issuesOf(readPlanFile(lines('- Tiltak: MOT', '  Tidsperiode: [2011', '  Ansvar: Helse'), 'p.yaml'));
    expect(broken.length).toBeGreaterThan(0);
    expect(broken[0].reason).toMatch(/^ugyldig YAML: /);
    expect(issuesOf(readPlanFile('Tiltak: MOT\n', 'p.yaml'))).toEqual([
      { line: 1, reason: 'seksjonen «Tiltak» må være en liste med tiltak' },
    ]);
    expect(issuesOf(readPlanFile('"bare tekst"\n', 'p.yaml'))).toEqual([
      { line: 1, reason: 'YAML-filen må være en liste med tiltak, eller seksjoner som hver er en liste med tiltak' },
    ]);
  });
});
