/**
 * UI strings of the explore pages (Veranstaltungen, Beiträge, Berichte) and the
 * embeddable social wall. Kept apart from de.ts/en.ts so these pages can grow
 * without touching the shared tables; the English table is typed against the
 * German one, so a missing or extra key is a type error.
 */

/** The parts of the posts page's result sentence. */
export interface ResultParts {
  /** The number of matching posts, formatted; `capped` when there are more than the count looks at. */
  count: string;
  n: number;
  capped: boolean;
  /** The search words as typed, or null. */
  q: string | null;
  /** The sentiment label ("positiv"), or null. */
  sentiment: string | null;
}

const de = {
  // Events
  eventsTitle: "Veranstaltungen",
  eventsIntro:
    "Veranstaltungen im gewählten Zeitraum und wie viele Beiträge sie erwähnen. Ein Beitrag zählt für eine Veranstaltung, wenn er den Hashtag der Veranstaltung trägt oder am Veranstaltungstag den veranstaltenden Cluster nennt.",
  calendarHeading: "Kalender",
  calendarCaption: (period: string): string => `Veranstaltungen und Beiträge pro Tag, ${period}`,
  calendarHint:
    "Wochen als Zeilen, Montag bis Sonntag als Spalten; alle Tage in deutscher Zeit (Europe/Berlin).",
  weekColumn: "Woche",
  weekLabel: (week: number): string => `KW ${week}`,
  weekLabelLong: (week: number, year: number): string => `Kalenderwoche ${week}/${year}`,
  weekdaysShort: ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"],
  weekdaysLong: ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"],
  outsideWindow: "außerhalb des gewählten Zeitraums",
  dayPosts: (count: string, n: number): string => `${count} ${n === 1 ? "Beitrag" : "Beiträge"}`,
  dayEventsLabel: "Veranstaltungen an diesem Tag",
  eventPosts: (count: string, n: number): string => `${count} ${n === 1 ? "Beitrag" : "Beiträge"}`,
  eventPostsMultiDay: (count: string, n: number): string =>
    `${count} ${n === 1 ? "Beitrag" : "Beiträge"} insgesamt`,
  eventDayOf: (day: number, days: number): string => `Tag ${day} von ${days}`,
  eventsListHeading: "Alle Veranstaltungen",
  eventsListCaption: (count: string, n: number): string =>
    `${count} ${n === 1 ? "Veranstaltung" : "Veranstaltungen"} im Zeitraum, meiste Beiträge zuerst`,
  colEvent: "Veranstaltung",
  colDates: "Datum",
  colCity: "Ort",
  colState: "Bundesland",
  colCluster: "Veranstaltender Cluster",
  colPosts: "Beiträge",
  noCluster: "–",
  noCity: "–",
  eventsEmpty: "Im gewählten Zeitraum finden keine erfassten Veranstaltungen statt.",
  // Posts
  postsTitle: "Beiträge",
  searchHeading: "Suche",
  searchLabel: "Suchbegriffe",
  searchHint:
    "Findet Beiträge, die alle Wörter enthalten; Wortanfänge genügen („Innov“ findet „Innovation“). Groß- und Kleinschreibung und Akzente spielen keine Rolle.",
  sentimentLabel: "Stimmung",
  sentimentAll: "Alle",
  searchSubmit: "Suchen",
  searchReset: "Suche zurücksetzen",
  resultsHeading: "Ergebnisse",
  resultSentence: (p: ResultParts): string => {
    const noun = p.n === 1 && !p.capped ? "Beitrag" : "Beiträge";
    const count = p.capped ? `Mehr als ${p.count}` : p.n === 0 ? "Keine" : p.count;
    const q = p.q === null ? null : `„${p.q}“`;
    const s = p.sentiment === null ? null : `Stimmung ${p.sentiment}`;
    const what = q && s ? ` mit ${q} und ${s}` : q ? ` mit ${q}` : s ? ` mit ${s}` : "";
    return `${count} ${noun}${what} im gewählten Zeitraum.`;
  },
  pageSentence: (shown: string, n: number, later: boolean): string =>
    `${later ? "Diese Folgeseite" : "Diese Seite"} zeigt ${shown} ${n === 1 ? "Beitrag" : "Beiträge"}, neueste zuerst.`,
  postsNone: "Keine Beiträge passen zu Suche und Filtern.",
  postsNoneHint: "Weniger oder kürzere Suchwörter versuchen oder die Filter zurücksetzen.",
  pagingLabel: "Seiten",
  nextPage: "Weitere Beiträge",
  firstPage: "Zur ersten Seite",
  lastPageNote: "Das sind alle passenden Beiträge.",
  clustersLabel: "Cluster",
  hashtagsLabel: "Hashtags",
  countsLabel: "Interaktionen",
  likes: "Gefällt mir",
  reposts: "Geteilt",
  replies: "Antworten",
  quotes: "Zitate",
  langLabel: "Sprache",
  // Reports
  reportsTitle: "Berichte",
  reportsIntro:
    "Berichte und Exporte gelten für die Filter oben: Kampagne, Zeitraum, Plattform, Cluster, Bundesland und Beitragssprache. Die Zahlen sind dieselben wie auf den Seiten des Dashboards.",
  weekReportHeading: "Wochenbericht (PDF)",
  weekReportText:
    "Der Abschlussbericht der Kampagnenwoche zum Ausdrucken und Weitergeben: Kennzahlen mit ihren Definitionen, Beiträge je Plattform, Verlauf je Tag mit Stimmung und ein Abschnitt zur Methode.",
  weekReportDe: "Wochenbericht auf Deutsch (PDF)",
  weekReportEn: "Wochenbericht auf Englisch (PDF)",
  clusterReportHeading: "Bericht für einen Cluster (PDF)",
  clusterReportText:
    "Für Clustermanagements: die Erwähnungen, Reichweite und Interaktionen eines Clusters, seine Beiträge mit den meisten Interaktionen und seine Veranstaltungen, verglichen mit dem Durchschnitt der Kampagne.",
  clusterReportLabel: "Cluster",
  clusterReportChoose: "Cluster wählen …",
  clusterReportSubmit: "Link anzeigen",
  clusterReportDe: (name: string): string => `Bericht für ${name} auf Deutsch (PDF)`,
  clusterReportEn: (name: string): string => `Bericht für ${name} auf Englisch (PDF)`,
  clusterReportNone: "Im Register sind noch keine Cluster eingetragen.",
  exportsHeading: "Datenexporte (CSV und Excel)",
  exportsText: "Die Daten hinter den Zahlen, zur eigenen Auswertung in einer Tabellenkalkulation.",
  exportPostsCsv: "Beiträge als CSV",
  exportPostsCsvText:
    "Eine Zeile je Beitrag: Zeit, Plattform, Autor:in, Text, Sprache, Stimmung, Interaktionen, Cluster, Hashtags und Link zum Original.",
  exportPostsXlsx: "Beiträge als Excel-Datei (XLSX)",
  exportPostsXlsxText: "Dieselben Beiträge als Arbeitsmappe für Excel oder LibreOffice.",
  exportClustersCsv: "Cluster als CSV",
  exportClustersCsvText:
    "Eine Zeile je Cluster: Erwähnungen, Autor:innen, potenzielle Reichweite, Interaktionen, Share of Voice und mittlere Stimmung.",
  pdfType: "PDF",
  csvType: "CSV",
  xlsxType: "XLSX",
  // Report archive
  archiveHeading: "Berichtsarchiv",
  archiveText:
    "Während der Kampagne entsteht jeden Tag ein Zwischenbericht (vom ersten Tag bis heute), am Morgen nach dem letzten Tag der Abschlussbericht. Jeder Bericht wird mit seiner SHA-256-Prüfsumme abgelegt und vor dem Herunterladen geprüft: So lässt sich belegen, dass eine weitergegebene Datei unverändert ist.",
  archiveCaption: (campaign: string): string => `Archivierte Berichte – ${campaign}, neueste zuerst`,
  archiveColKind: "Art",
  archiveColPeriod: "Zeitraum",
  archiveColLanguage: "Sprache",
  archiveColCreated: "Erstellt",
  archiveColSize: "Größe",
  archiveColSha256: "SHA-256",
  archiveColFile: "Datei",
  archiveKinds: { digest: "Zwischenbericht", final: "Abschlussbericht", manual: "Auf Anforderung" },
  archiveMail: { sent: "per E-Mail versandt", failed: "E-Mail-Versand fehlgeschlagen" },
  archiveDownload: "PDF herunterladen",
  archiveDownloadContext: (kind: string, period: string, language: string): string =>
    `${kind}, ${period}, ${language}`,
  archiveShaFull: "Vollständige Prüfsumme:",
  archiveEmpty:
    "Für diese Kampagne liegen noch keine Berichte im Archiv. Sie entstehen automatisch während der Kampagne oder mit „Jetzt erzeugen“.",
  archiveCreated: "Der Bericht wurde erzeugt und archiviert; er ist in der Tabelle markiert.",
  archiveNewLabel: "neu",
  archiveFormHeading: "Bericht jetzt erzeugen",
  archiveFormText:
    "Erzeugt den Bericht für die Kampagne und den Zeitraum und legt ihn im Archiv ab. Er umfasst alle Beiträge der Kampagne im Zeitraum; Plattform, Cluster, Bundesland und Beitragssprache oben gelten hier nicht.",
  archiveFormLang: "Sprache des Berichts",
  archiveFormFrom: "Von",
  archiveFormTo: "Bis",
  archiveFormSubmit: "Jetzt erzeugen",
  // Wall
  wallTitle: (name: string): string => `Social Wall – ${name}`,
  wallLive: "Live",
  wallLiveHint: "aktualisiert sich alle 30 Sekunden",
  wallOffline: "Verbindung unterbrochen – neuer Versuch in 30 Sekunden",
  wallUpdated: "Zuletzt aktualisiert",
  /** The wall script puts the number in for "{n}". */
  wallNewPostsOne: "1 neuer Beitrag",
  wallNewPostsMany: "{n} neue Beiträge",
  wallEmpty: "Noch keine Beiträge – neue erscheinen hier automatisch.",
  wallPostsLabel: "Neueste Beiträge",
  wallTimeSuffix: " Uhr",
  wallErrorTitle: "Die Social Wall kann nicht angezeigt werden",
};

export type ExploreMessages = typeof de;

const en: ExploreMessages = {
  eventsTitle: "Events",
  eventsIntro:
    "Events in the selected period and how many posts mention them. A post counts for an event when it carries the event's hashtag or names the organising cluster on the day of the event.",
  calendarHeading: "Calendar",
  calendarCaption: (period) => `Events and posts per day, ${period}`,
  calendarHint: "Weeks as rows, Monday to Sunday as columns; all days in German time (Europe/Berlin).",
  weekColumn: "Week",
  weekLabel: (week) => `Week ${week}`,
  weekLabelLong: (week, year) => `Calendar week ${week}/${year}`,
  weekdaysShort: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
  weekdaysLong: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
  outsideWindow: "outside the selected period",
  dayPosts: (count, n) => `${count} ${n === 1 ? "post" : "posts"}`,
  dayEventsLabel: "Events on this day",
  eventPosts: (count, n) => `${count} ${n === 1 ? "post" : "posts"}`,
  eventPostsMultiDay: (count, n) => `${count} ${n === 1 ? "post" : "posts"} in total`,
  eventDayOf: (day, days) => `day ${day} of ${days}`,
  eventsListHeading: "All events",
  eventsListCaption: (count, n) => `${count} ${n === 1 ? "event" : "events"} in the period, most posts first`,
  colEvent: "Event",
  colDates: "Date",
  colCity: "City",
  colState: "Land (state)",
  colCluster: "Organising cluster",
  colPosts: "Posts",
  noCluster: "–",
  noCity: "–",
  eventsEmpty: "No recorded events take place in the selected period.",
  postsTitle: "Posts",
  searchHeading: "Search",
  searchLabel: "Search words",
  searchHint:
    "Finds posts containing all words; the start of a word is enough (“innov” finds “innovation”). Case and accents do not matter.",
  sentimentLabel: "Sentiment",
  sentimentAll: "All",
  searchSubmit: "Search",
  searchReset: "Reset search",
  resultsHeading: "Results",
  resultSentence: (p) => {
    const noun = p.n === 1 && !p.capped ? "post" : "posts";
    const count = p.capped ? `More than ${p.count}` : p.n === 0 ? "No" : p.count;
    const q = p.q === null ? null : `matching “${p.q}”`;
    const s = p.sentiment === null ? null : `with ${p.sentiment} sentiment`;
    const what = [q, s].filter((x) => x !== null).join(" and ");
    return `${count} ${noun}${what ? ` ${what}` : ""} in the selected period.`;
  },
  pageSentence: (shown, n, later) =>
    `${later ? "This further page" : "This page"} shows ${shown} ${n === 1 ? "post" : "posts"}, newest first.`,
  postsNone: "No posts match the search and filters.",
  postsNoneHint: "Try fewer or shorter search words, or reset the filters.",
  pagingLabel: "Pages",
  nextPage: "More posts",
  firstPage: "Back to the first page",
  lastPageNote: "These are all matching posts.",
  clustersLabel: "Clusters",
  hashtagsLabel: "Hashtags",
  countsLabel: "Engagement",
  likes: "Likes",
  reposts: "Reposts",
  replies: "Replies",
  quotes: "Quotes",
  langLabel: "Language",
  reportsTitle: "Reports",
  reportsIntro:
    "Reports and exports follow the filters above: campaign, period, platform, cluster, Land and post language. The numbers are the same as on the dashboard's pages.",
  weekReportHeading: "Week report (PDF)",
  weekReportText:
    "The end-of-week report of the campaign, to print and pass on: key figures with their definitions, posts per platform, posts per day with sentiment, and a method section.",
  weekReportDe: "Week report in German (PDF)",
  weekReportEn: "Week report in English (PDF)",
  clusterReportHeading: "Report for one cluster (PDF)",
  clusterReportText:
    "For cluster managers: a cluster's mentions, reach and engagement, its posts with the most engagement and its events, compared with the campaign average.",
  clusterReportLabel: "Cluster",
  clusterReportChoose: "Choose a cluster …",
  clusterReportSubmit: "Show link",
  clusterReportDe: (name) => `Report for ${name} in German (PDF)`,
  clusterReportEn: (name) => `Report for ${name} in English (PDF)`,
  clusterReportNone: "The registry has no clusters yet.",
  exportsHeading: "Data exports (CSV and Excel)",
  exportsText: "The data behind the numbers, for your own analysis in a spreadsheet.",
  exportPostsCsv: "Posts as CSV",
  exportPostsCsvText:
    "One row per post: time, platform, author, text, language, sentiment, engagement, clusters, hashtags and the link to the original.",
  exportPostsXlsx: "Posts as an Excel file (XLSX)",
  exportPostsXlsxText: "The same posts as a workbook for Excel or LibreOffice.",
  exportClustersCsv: "Clusters as CSV",
  exportClustersCsvText:
    "One row per cluster: posts, authors, potential reach, engagement, share of voice and mean sentiment.",
  pdfType: "PDF",
  csvType: "CSV",
  xlsxType: "XLSX",
  archiveHeading: "Report archive",
  archiveText:
    "During the campaign an interim report (from the first day until today) is made every day, and the final report on the morning after the last day. Each report is stored with its SHA-256 checksum, which is checked before every download: it shows that a file passed on is unchanged.",
  archiveCaption: (campaign) => `Archived reports – ${campaign}, newest first`,
  archiveColKind: "Kind",
  archiveColPeriod: "Period",
  archiveColLanguage: "Language",
  archiveColCreated: "Created",
  archiveColSize: "Size",
  archiveColSha256: "SHA-256",
  archiveColFile: "File",
  archiveKinds: { digest: "Interim report", final: "Final report", manual: "On request" },
  archiveMail: { sent: "sent by e-mail", failed: "e-mail delivery failed" },
  archiveDownload: "Download PDF",
  archiveDownloadContext: (kind, period, language) => `${kind}, ${period}, ${language}`,
  archiveShaFull: "Full checksum:",
  archiveEmpty:
    "No reports of this campaign are archived yet. They are made automatically during the campaign, or with “Generate now”.",
  archiveCreated: "The report was generated and archived; it is marked in the table.",
  archiveNewLabel: "new",
  archiveFormHeading: "Generate a report now",
  archiveFormText:
    "Generates the report for the campaign and period and stores it in the archive. It covers all of the campaign's posts in the period; the platform, cluster, Land and post language filters above do not apply here.",
  archiveFormLang: "Report language",
  archiveFormFrom: "From",
  archiveFormTo: "To",
  archiveFormSubmit: "Generate now",
  wallTitle: (name) => `Social wall – ${name}`,
  wallLive: "Live",
  wallLiveHint: "updates every 30 seconds",
  wallOffline: "Connection lost – trying again in 30 seconds",
  wallUpdated: "Last updated",
  wallNewPostsOne: "1 new post",
  wallNewPostsMany: "{n} new posts",
  wallEmpty: "No posts yet – new ones appear here automatically.",
  wallPostsLabel: "Latest posts",
  wallTimeSuffix: "",
  wallErrorTitle: "The social wall cannot be shown",
};

export const exploreMessages: { de: ExploreMessages; en: ExploreMessages } = { de, en };
