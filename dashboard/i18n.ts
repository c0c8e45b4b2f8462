/**
 * The dashboard's UI strings. German is the working language of the users
 * (ministry comms teams); English is for partners. Metric names are not here:
 * they come from METRIC_DEFINITIONS so page, API docs and PDF use one wording.
 */
export type UiLang = "de" | "en";

export const UI_LANGS: readonly UiLang[] = ["de", "en"];

/**
 * `?lang=` on a page is the UI language (CONTRACT.md). Anything else falls back
 * to German rather than failing: a typo in a shared link should still show the page.
 */
export function parseUiLang(value: string | undefined): UiLang {
  return value === "en" ? "en" : "de";
}

/** The Intl locale per UI language: en-GB, not en-US, for day-month order and 24-hour times. */
export const LOCALES: Record<UiLang, string> = { de: "de-DE", en: "en-GB" };

export interface Messages {
  appName: string;
  skipLink: string;
  overviewTitle: string;
  languageSwitchLabel: string;
  otherLanguageName: string;
  periodLabel: string;
  campaignPeriodLabel: string;
  filtersHeading: string;
  campaignLabel: string;
  fromLabel: string;
  toLabel: string;
  platformLabel: string;
  allPlatforms: string;
  dateHint: (campaignPeriod: string) => string;
  applyFilters: string;
  resetFilters: string;
  kpiHeading: string;
  sentimentPositive: string;
  sentimentNeutral: string;
  sentimentNegative: string;
  sentimentMean: string;
  timelineHeading: string;
  bucketDay: string;
  bucketHour: string;
  bucketSwitchLabel: string;
  tableToggle: string;
  tableCaption: (bucket: "day" | "hour") => string;
  tableTime: (bucket: "day" | "hour") => string;
  chartFallback: string;
  timelineEmpty: string;
  /** `day` is the weekday and date, `time` the hour ("14:00") for hourly buckets. */
  timelinePeak: (p: {
    day: string;
    time: string | null;
    count: string;
    total: string;
    ties: number;
  }) => string;
  postsHeading: string;
  postsEmpty: string;
  postsTimezoneNote: string;
  openOriginal: string;
  newWindow: string;
  postBy: (handle: string) => string;
  footerText: (metricsVersion: number) => string;
  errorTitle: string;
  errorIntro: string;
  errorParam: (label: string, value: string | null) => string;
  errorTechnical: string;
  errorBack: string;
  paramLabels: Record<string, string>;
  paramHints: Record<string, string>;
}

const de: Messages = {
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
  dateHint: (p) => `Datumsfelder leer lassen für den ganzen Kampagnenzeitraum (${p}).`,
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
  tableCaption: (b) => (b === "hour" ? "Verlauf pro Stunde" : "Verlauf pro Tag"),
  tableTime: (b) => (b === "hour" ? "Stunde" : "Tag"),
  chartFallback: "Das Diagramm braucht JavaScript; die Tabelle darunter enthält dieselben Daten.",
  timelineEmpty: "Im gewählten Zeitraum gibt es keine Erwähnungen.",
  timelinePeak: ({ day, time, count, total, ties }) => {
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
  postBy: (h) => `Beitrag von ${h}`,
  footerText: (v) => `Resonanz – Hashtag-Monitor · Kennzahlen-Definitionen Version ${v}`,
  errorTitle: "Ungültiger Filter",
  errorIntro: "Die Seite konnte mit diesen Filtern nicht angezeigt werden.",
  errorParam: (label, value) =>
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

const en: Messages = {
  appName: "Resonanz",
  skipLink: "Skip to content",
  overviewTitle: "Overview",
  languageSwitchLabel: "Language",
  otherLanguageName: "Deutsch",
  periodLabel: "Period",
  campaignPeriodLabel: "Campaign period",
  filtersHeading: "Filters",
  campaignLabel: "Campaign",
  fromLabel: "From",
  toLabel: "To",
  platformLabel: "Platform",
  allPlatforms: "All platforms",
  dateHint: (p) => `Leave the dates empty for the whole campaign period (${p}).`,
  applyFilters: "Apply",
  resetFilters: "Reset filters",
  kpiHeading: "Key figures",
  sentimentPositive: "positive",
  sentimentNeutral: "neutral",
  sentimentNegative: "negative",
  sentimentMean: "Mean",
  timelineHeading: "Timeline",
  bucketDay: "per day",
  bucketHour: "per hour",
  bucketSwitchLabel: "Interval",
  tableToggle: "Show data as a table",
  tableCaption: (b) => (b === "hour" ? "Timeline per hour" : "Timeline per day"),
  tableTime: (b) => (b === "hour" ? "Hour" : "Day"),
  chartFallback: "The chart needs JavaScript; the table below holds the same data.",
  timelineEmpty: "There are no posts in the selected period.",
  timelinePeak: ({ day, time, count, total, ties }) => {
    const when = time === null ? `on ${day}` : `on ${day} at ${time}`;
    const unit = time === null ? "day" : "hour";
    const tie = ties > 0 ? ` (as many on ${ties} other ${unit}${ties === 1 ? "" : "s"})` : "";
    return `Peak ${when}: ${count} of ${total} posts in total${tie}.`;
  },
  postsHeading: "Latest posts",
  postsEmpty: "There are no posts in the selected period yet.",
  postsTimezoneNote: "All times in German time (Europe/Berlin).",
  openOriginal: "Open original",
  newWindow: "opens in a new window",
  postBy: (h) => `post by ${h}`,
  footerText: (v) => `Resonanz – hashtag monitor · metric definitions version ${v}`,
  errorTitle: "Invalid filter",
  errorIntro: "The page could not be shown with these filters.",
  errorParam: (label, value) =>
    value === null
      ? `The value for “${label}” is invalid.`
      : `The value “${value}” for “${label}” is invalid.`,
  errorTechnical: "Technical message",
  errorBack: "Back to the overview without filters",
  paramLabels: {
    campaign: "Campaign",
    from: "From",
    to: "To",
    platform: "Platform",
    postLang: "Post language",
    bucket: "Interval",
    cluster: "Cluster",
    state: "State",
  },
  paramHints: {
    campaign: "Please choose one of the offered campaigns.",
    from: "Please give a date as YYYY-MM-DD that is not after “To”.",
    to: "Please give a date as YYYY-MM-DD that is not before “From”.",
    platform: "Please choose one of the offered platforms.",
    postLang: "Please give a language code such as de or en.",
    bucket: "Allowed are day and hour.",
    cluster: "Filtering by cluster is not available yet.",
    state: "Filtering by state is not available yet.",
  },
};

export const MESSAGES: Record<UiLang, Messages> = { de, en };

/** Display names of platforms; ids are the stored `posts.platform` values. */
export const PLATFORM_NAMES: Record<string, string> = {
  mastodon: "Mastodon",
  bluesky: "Bluesky",
  rss: "RSS",
  x: "X",
  linkedin: "LinkedIn",
  instagram: "Instagram",
  csv: "CSV",
};

export function platformName(id: string): string {
  return PLATFORM_NAMES[id] ?? id;
}
