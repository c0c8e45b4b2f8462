import type { UiLang } from "../i18n/index.ts";

/**
 * The upload page's strings. Kept beside the page rather than in the shared
 * i18n tables so the page can ship on its own; German is the source table,
 * English is typed against it.
 */
const de = {
  title: "Plattform-Exporte importieren",
  intro:
    "X, LinkedIn und Instagram bieten keine freie Schnittstelle zum Mitlesen. Laden Sie hier den Export eines Kontos hoch: Die Beiträge werden wie gesammelte Beiträge gespeichert. Ein erneuter Import derselben Datei aktualisiert die Zahlen und legt keinen Beitrag doppelt an.",
  formHeading: "Datei hochladen",
  platformLabel: "Plattform und Format",
  platformOptions: {
    x: "X (Twitter): Archiv tweets.js oder Analytics-CSV",
    linkedin: "LinkedIn: Export der Unternehmensseite (CSV)",
    instagram: "Instagram: posts_1.json aus dem Daten-Download oder CSV",
    csv: "Allgemeine CSV-Datei (dokumentiertes Format)",
  } as Record<string, string>,
  authorLabel: "Konto (optional)",
  authorHint:
    "Name oder Handle des Kontos, wenn der Export es nicht selbst nennt (X-Archiv, LinkedIn-Seite, Instagram-Download).",
  fileLabel: "Datei",
  fileHint: (mb: number): string =>
    `CSV (Komma, Semikolon oder Tabulator; UTF-8 oder Windows-1252) oder JSON, höchstens ${mb} MB.`,
  submit: "Importieren",
  resultHeading: "Ergebnis",
  resultIntro: (file: string): string => `Import von „${file}“:`,
  rows: "Zeilen gelesen",
  inserted: "neu gespeichert",
  updated: "aktualisiert",
  unchanged: "unverändert",
  rejected: "abgelehnt",
  campaignPosts: "mit Kampagnen-Hashtag",
  campaignNote: (campaign: string, stored: string): string =>
    `${campaign} von ${stored} gespeicherten Beiträgen tragen einen Kampagnen-Hashtag. Nur diese zählen im Dashboard und in den Berichten.`,
  rejectedHeading: "Abgelehnte Zeilen",
  /** Line numbers stay unformatted ("Zeile 1202"): they are looked up in an editor. */
  lineLabel: (line: number): string => `Zeile ${line}`,
  moreRejected: (n: string): string => `… und ${n} weitere abgelehnte Zeilen.`,
  errorHeading: "Import nicht möglich",
  noPlatform: "Bitte wählen Sie eine Plattform.",
  noFile: "Bitte wählen Sie eine Datei.",
  notMultipart: "Das Formular kam unvollständig an. Bitte erneut senden.",
  tooLarge: (mb: number): string => `Die Datei ist größer als ${mb} MB.`,
  badAuthor: "Der Kontoname ist zu lang (höchstens 100 Zeichen).",
  wrongFormat: "Die Datei passt nicht zum gewählten Format:",
  forbidden: "Das Formular wurde von einer anderen Website gesendet und abgewiesen.",
  back: "Zur Übersicht",
};

export type ImportMessages = typeof de;

const en: ImportMessages = {
  title: "Import platform exports",
  intro:
    "X, LinkedIn and Instagram offer no free API to read along. Upload an account's export here: its posts are stored like collected posts. Importing the same file again updates the counts and never stores a post twice.",
  formHeading: "Upload a file",
  platformLabel: "Platform and format",
  platformOptions: {
    x: "X (Twitter): archive tweets.js or analytics CSV",
    linkedin: "LinkedIn: company page export (CSV)",
    instagram: "Instagram: posts_1.json from the data download, or CSV",
    csv: "Generic CSV file (documented format)",
  },
  authorLabel: "Account (optional)",
  authorHint:
    "The account's name or handle, for exports that do not name it (X archive, LinkedIn page, Instagram download).",
  fileLabel: "File",
  fileHint: (mb) => `CSV (comma, semicolon or tab; UTF-8 or Windows-1252) or JSON, at most ${mb} MB.`,
  submit: "Import",
  resultHeading: "Result",
  resultIntro: (file) => `Import of “${file}”:`,
  rows: "rows read",
  inserted: "stored as new",
  updated: "updated",
  unchanged: "unchanged",
  rejected: "rejected",
  campaignPosts: "with a campaign hashtag",
  campaignNote: (campaign, stored) =>
    `${campaign} of ${stored} stored posts carry a campaign hashtag. Only those count on the dashboard and in reports.`,
  rejectedHeading: "Rejected rows",
  lineLabel: (line) => `Line ${line}`,
  moreRejected: (n) => `… and ${n} more rejected rows.`,
  errorHeading: "Import not possible",
  noPlatform: "Please choose a platform.",
  noFile: "Please choose a file.",
  notMultipart: "The form arrived incomplete. Please send it again.",
  tooLarge: (mb) => `The file is larger than ${mb} MB.`,
  badAuthor: "The account name is too long (at most 100 characters).",
  wrongFormat: "The file does not fit the chosen format:",
  forbidden: "The form was sent from another website and was refused.",
  back: "To the overview",
};

export const IMPORT_MESSAGES: Record<UiLang, ImportMessages> = { de, en };
