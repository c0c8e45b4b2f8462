import type { Bucket } from "../../data/queries/timeline.ts";

/**
 * The German UI strings: the source table. German is the working language of
 * the users (ministry comms teams); every other language is typed against this
 * table's keys (`Messages`), so a missing or extra key is a type error.
 */

/** The parts of the timeline's peak sentence; `time` is the hour ("14:00") for hourly buckets, else null. */
export interface PeakParts {
  /** Weekday and date. */
  day: string;
  time: string | null;
  count: string;
  total: string;
  /** How many other buckets have the same count. */
  ties: number;
}

/** The counts of the sources page's summary sentence. */
export interface SourcesSummaryParts {
  /** Targets shown. */
  total: number;
  /** Of those, with status failed or auth_required. */
  errors: number;
  /** Of those, with at least one gap in the window. */
  withGaps: number;
  /** The formatted numbers, in the same order. */
  totalText: string;
  errorsText: string;
  withGapsText: string;
}

export const de = {
  appName: "Resonanz",
  skipLink: "Zum Inhalt springen",
  overviewTitle: "Übersicht",
  languageSwitchLabel: "Sprache",
  otherLanguageName: "English",
  periodLabel: "Zeitraum",
  campaignPeriodLabel: "Kampagnenzeitraum",
  filtersHeading: "Filter",
  campaignLabel: "Kampagne",
  fromLabel: "Von",
  toLabel: "Bis",
  platformLabel: "Plattform",
  allPlatforms: "Alle Plattformen",
  dateHint: (campaignPeriod: string): string =>
    `Datumsfelder leer lassen für den ganzen Kampagnenzeitraum (${campaignPeriod}).`,
  clusterLabel: "Cluster",
  allClusters: "Alle Cluster",
  stateLabel: "Bundesland",
  allStates: "Alle Bundesländer",
  postLangLabel: "Beitragssprache",
  allLanguages: "Alle Sprachen",
  applyFilters: "Anwenden",
  resetFilters: "Filter zurücksetzen",
  kpiHeading: "Kennzahlen",
  sentimentPositive: "positiv",
  sentimentNeutral: "neutral",
  sentimentNegative: "negativ",
  sentimentMean: "Mittelwert",
  timelineHeading: "Verlauf",
  bucketDay: "pro Tag",
  bucketHour: "pro Stunde",
  bucketSwitchLabel: "Zeiteinheit",
  tableToggle: "Daten als Tabelle anzeigen",
  tableCaption: (b: Bucket): string => (b === "hour" ? "Verlauf pro Stunde" : "Verlauf pro Tag"),
  tableTime: (b: Bucket): string => (b === "hour" ? "Stunde" : "Tag"),
  chartFallback: "Das Diagramm braucht JavaScript; die Tabelle darunter enthält dieselben Daten.",
  timelineEmpty: "Im gewählten Zeitraum gibt es keine Erwähnungen.",
  timelinePeak: ({ day, time, count, total, ties }: PeakParts): string => {
    const when = time === null ? `am ${day}` : `am ${day} um ${time} Uhr`;
    let tie = "";
    if (ties > 0 && time === null) tie = ties === 1 ? "an einem weiteren Tag" : `an ${ties} weiteren Tagen`;
    if (ties > 0 && time !== null)
      tie = ties === 1 ? "in einer weiteren Stunde" : `in ${ties} weiteren Stunden`;
    return `Spitzenwert ${when}: ${count} von insgesamt ${total} Erwähnungen${tie ? ` (ebenso viele ${tie})` : ""}.`;
  },
  comparisonNote: (name: string, period: string): string =>
    `Veränderung gegenüber ${name} an denselben Kampagnentagen (${period}).`,
  changeAgainst: (percent: string, name: string): string => `${percent} gegenüber ${name}`,
  changeNoBase: (name: string): string => `${name}: keine Vergleichswerte`,
  compareLabel: "Vergleichen mit",
  compareAuto: "Vorgänger-Ausgabe (automatisch)",
  noComparison: "kein Vergleich",
  shareOfVoiceHeading: "Share of Voice der Cluster",
  shareOfVoiceSummary: (name: string, share: string, n: number): string =>
    n === 1
      ? `Nur ${name} wurde im Zeitraum erwähnt (${share} der Cluster-Erwähnungen).`
      : `${name} hat mit ${share} den größten Anteil der Cluster-Erwähnungen (gezeigt: die ${n} stärksten Cluster).`,
  shareOfVoiceEmpty: "Im gewählten Zeitraum wurde noch kein Beitrag einem Cluster zugeordnet.",
  colCluster: "Cluster",
  postsColumn: "Erwähnungen",
  colShare: "Anteil",
  laenderHeading: "Länder",
  topPostsHeading: "Beiträge mit den meisten Interaktionen",
  topPostsEmpty: "Noch keine Beiträge.",
  engagementCount: (n: string, count: number): string =>
    `${n} ${count === 1 ? "Interaktion" : "Interaktionen"}`,
  hashtagsHeading: "Häufige weitere Hashtags",
  hashtagsEmpty: "Keine weiteren Hashtags.",
  colHashtag: "Hashtag",
  liveLabel: "Live",
  liveConnecting: "Verbindung wird aufgebaut …",
  liveOn: "Live: neue Beiträge erscheinen automatisch.",
  liveOff: "Live-Aktualisierung unterbrochen; die Seite neu laden, um sie fortzusetzen.",
  liveNew: "neue Beiträge seit dem Laden der Seite:",
  postsHeading: "Neueste Beiträge",
  postsEmpty: "Im gewählten Zeitraum gibt es noch keine Beiträge.",
  postsTimezoneNote: "Alle Zeiten in deutscher Zeit (Europe/Berlin).",
  openOriginal: "Original öffnen",
  newWindow: "öffnet in neuem Fenster",
  postBy: (handle: string): string => `Beitrag von ${handle}`,
  privacyLink: "Datenschutz",
  footerText: (metricsVersion: number): string =>
    `Resonanz – Hashtag-Monitor · Kennzahlen-Definitionen Version ${metricsVersion}`,
  errorTitle: "Ungültiger Filter",
  errorIntro: "Die Seite konnte mit diesen Filtern nicht angezeigt werden.",
  errorParam: (label: string, value: string | null): string =>
    value === null
      ? `Der Wert für „${label}“ ist ungültig.`
      : `Der Wert „${value}“ für „${label}“ ist ungültig.`,
  errorTechnical: "Technische Meldung",
  errorBack: "Diese Seite ohne Filter anzeigen",
  mainNavLabel: "Hauptnavigation",
  nav: {
    overview: "Übersicht",
    clusters: "Cluster",
    laender: "Länder",
    events: "Veranstaltungen",
    posts: "Beiträge",
    sources: "Quellen",
    reports: "Berichte",
    import: "Import",
  },
  sourcesTitle: "Quellen und Abdeckung",
  sourcesIntro: (gapThreshold: string): string =>
    "Jede Zeile ist ein Erfassungsziel: eine Mastodon-Instanz mit Hashtag, der Bluesky-Datenstrom, ein Feed oder ein Import. " +
    "Läufe, abgerufene und neue Beiträge und Wartezeiten zählen über alle Läufe seit Beginn; " +
    `Lücken sind Zeitspannen von mehr als ${gapThreshold} im gewählten Zeitraum ohne erfolgreichen Lauf.`,
  sourcesGapNote:
    "Beiträge aus einer Lücke kann ein späterer Lauf nachgeholt haben (Mastodon blättert zurück, Bluesky hält etwa 36 Stunden vor); der erfasste Zeitraum zeigt, welche Beiträge vorliegen.",
  sourcesTimezoneNote: "Alle Zeiten in deutscher Zeit (Europe/Berlin).",
  sourcesSummary: (p: SourcesSummaryParts): string => {
    const of = `${p.errorsText} von ${p.totalText} ${p.total === 1 ? "Quelle" : "Quellen"} mit Fehlern`;
    if (p.withGaps === 0) return `${of}, keine mit Lücken im gewählten Zeitraum.`;
    return `${of}, ${p.withGapsText} mit Lücken im gewählten Zeitraum.`;
  },
  sourcesEmpty: "Noch keine Erfassung gelaufen.",
  sourcesEmptyPlatform: (platform: string): string => `Für ${platform} ist noch keine Erfassung gelaufen.`,
  sourcesEmptyHint:
    "Sobald der Zeitplan oder „npm run collect“ eine Quelle abgefragt hat, steht sie hier – mit Fehlern, falls es welche gab.",
  sourcesCaption: (source: string, count: string, n: number): string =>
    `Abdeckung ${source}: ${count} ${n === 1 ? "Ziel" : "Ziele"}`,
  colTarget: "Ziel",
  colStatus: "Status",
  colLastRun: "Letzter Lauf",
  colLastSuccess: "Letzter Erfolg",
  colRuns: "Läufe",
  colItems: "Beiträge abgerufen / neu",
  colCoverage: "Erfasster Zeitraum",
  colRateLimit: "Wartezeit (Rate-Limit)",
  colError: "Letzter Fehler",
  colGaps: "Lücken",
  runsCell: (runs: string, failed: string, failedN: number): string =>
    failedN === 0 ? `${runs}, keiner fehlgeschlagen` : `${runs}, davon ${failed} fehlgeschlagen`,
  itemsCell: (fetched: string, inserted: string): string => `${fetched} abgerufen, ${inserted} neu`,
  coverageCell: (posts: string, n: number, period: string): string =>
    `${posts} ${n === 1 ? "Beitrag" : "Beiträge"}, ${period}`,
  coverageNone: "keine Beiträge",
  never: "nie",
  noWait: "keine",
  noError: "keiner",
  noGaps: "keine",
  gapsSummary: (count: string, n: number, total: string): string =>
    `${count} ${n === 1 ? "Lücke" : "Lücken"}, zusammen ${total}`,
  gapItem: (from: string, to: string, duration: string): string => `${from} – ${to} (${duration})`,
  gapOngoing: (from: string, duration: string): string => `seit ${from} (${duration}, dauert an)`,
  statusLabels: {
    ok: "OK",
    failed: "Fehler",
    auth_required: "Anmeldung nötig",
    running: "läuft",
    aborted: "abgebrochen",
    never: "kein Lauf erfasst",
  },
  durationUnits: {
    day: (n: number): string => (n === 1 ? "Tag" : "Tage"),
    hour: "Std.",
    minute: "Min.",
    second: "Sek.",
    lessThanSecond: "< 1 Sek.",
  },
  paramLabels: {
    campaign: "Kampagne",
    from: "Von",
    to: "Bis",
    platform: "Plattform",
    postLang: "Beitragssprache",
    bucket: "Zeiteinheit",
    cluster: "Cluster",
    state: "Bundesland",
    gapHours: "Lückenschwelle (Stunden)",
    q: "Suche",
    sentiment: "Stimmung",
    page: "Seite",
    cursor: "Seite",
    limit: "Anzahl",
    compare: "Vergleichen mit",
    reportCluster: "Cluster für den Bericht",
  },
  paramHints: {
    campaign: "Bitte eine der angebotenen Kampagnen wählen.",
    from: "Bitte ein Datum im Format JJJJ-MM-TT angeben, das nicht nach „Bis“ liegt.",
    to: "Bitte ein Datum im Format JJJJ-MM-TT angeben, das nicht vor „Von“ liegt.",
    platform: "Bitte eine der angebotenen Plattformen wählen.",
    postLang: "Bitte einen Sprachcode wie de oder en angeben.",
    bucket: "Erlaubt sind day (pro Tag) und hour (pro Stunde).",
    cluster: "Bitte einen Cluster aus der Liste wählen.",
    state: "Bitte ein Bundesland aus der Liste wählen.",
    gapHours: "Bitte eine Zahl von Stunden größer als 0 angeben, z. B. 2 oder 0.5.",
    q: "Bitte höchstens 500 Zeichen und mindestens ein Wort angeben.",
    sentiment: "Erlaubt sind positive, neutral und negative.",
    page: "Bitte über die Blätter-Links navigieren.",
    cursor: "Bitte über die Blätter-Links navigieren.",
    limit: "Bitte eine Zahl von 1 bis 200 angeben.",
    compare: "Bitte eine andere Kampagne aus der Liste wählen.",
    reportCluster: "Bitte einen Cluster aus der Liste wählen.",
  },
};

export type Messages = typeof de;
