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
  postsHeading: "Neueste Beiträge",
  postsEmpty: "Im gewählten Zeitraum gibt es noch keine Beiträge.",
  postsTimezoneNote: "Alle Zeiten in deutscher Zeit (Europe/Berlin).",
  openOriginal: "Original öffnen",
  newWindow: "öffnet in neuem Fenster",
  postBy: (handle: string): string => `Beitrag von ${handle}`,
  footerText: (metricsVersion: number): string =>
    `Resonanz – Hashtag-Monitor · Kennzahlen-Definitionen Version ${metricsVersion}`,
  errorTitle: "Ungültiger Filter",
  errorIntro: "Die Seite konnte mit diesen Filtern nicht angezeigt werden.",
  errorParam: (label: string, value: string | null): string =>
    value === null
      ? `Der Wert für „${label}“ ist ungültig.`
      : `Der Wert „${value}“ für „${label}“ ist ungültig.`,
  errorTechnical: "Technische Meldung",
  errorBack: "Zur Übersicht ohne Filter",
  paramLabels: {
    campaign: "Kampagne",
    from: "Von",
    to: "Bis",
    platform: "Plattform",
    postLang: "Beitragssprache",
    bucket: "Zeiteinheit",
    cluster: "Cluster",
    state: "Bundesland",
  },
  paramHints: {
    campaign: "Bitte eine der angebotenen Kampagnen wählen.",
    from: "Bitte ein Datum im Format JJJJ-MM-TT angeben, das nicht nach „Bis“ liegt.",
    to: "Bitte ein Datum im Format JJJJ-MM-TT angeben, das nicht vor „Von“ liegt.",
    platform: "Bitte eine der angebotenen Plattformen wählen.",
    postLang: "Bitte einen Sprachcode wie de oder en angeben.",
    bucket: "Erlaubt sind day (pro Tag) und hour (pro Stunde).",
    cluster: "Der Filter nach Cluster ist noch nicht verfügbar.",
    state: "Der Filter nach Bundesland ist noch nicht verfügbar.",
  },
};

export type Messages = typeof de;
