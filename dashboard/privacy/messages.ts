import type { UiLang } from "../i18n/index.ts";

/**
 * The privacy notice's strings. Kept beside the page (like the import page's)
 * so it ships on its own; German is the source table, English is typed
 * against it. Legal wording the operator must decide (controller, legal
 * basis) comes from the config, never from here.
 */
const de = {
  title: "Datenschutzhinweise",
  intro:
    "Diese Anwendung wertet öffentliche Social-Media-Beiträge zu Kampagnen-Hashtags aus. Beiträge sind personenbezogene Daten der Menschen, die sie geschrieben haben. Hier steht, was gespeichert wird, warum, wie lange und welche Rechte Sie haben.",
  notConfigured: "Nicht konfiguriert:",
  controllerMissing:
    "Die verantwortliche Stelle ist nicht angegeben. Der Betreiber muss sie in der Konfiguration unter privacy.controller eintragen (Name, Anschrift, E-Mail und Datenschutzbeauftragte:r).",
  legalBasisMissing:
    "Die Rechtsgrundlage ist nicht angegeben. Der Betreiber muss sie in der Konfiguration unter privacy.legalBasis eintragen.",
  retentionMissing:
    "Eine Löschfrist ist nicht festgelegt: Texte und Angaben zu den Verfasser:innen bleiben gespeichert, bis der Betreiber privacy.retentionDays einträgt.",
  controllerHeading: "Verantwortliche Stelle",
  dpoHeading: "Datenschutzbeauftragte:r",
  emailLabel: "E-Mail",
  whatHeading: "Welche Daten gespeichert werden",
  whatText:
    "Öffentliche Beiträge, die einen der Kampagnen-Hashtags tragen, mit Zeitpunkt, Text, Sprache, Link und den öffentlichen Zahlen (Likes, Reposts, Antworten, Zitate) sowie Name, Handle und Follower-Zahl des Kontos, das sie veröffentlicht hat. Private oder nur für Follower sichtbare Beiträge werden nicht erfasst.",
  hashtagsLabel: "Kampagnen-Hashtags",
  platformsLabel: "Quellen",
  platformNames: {
    mastodon: "Mastodon und andere Fediverse-Server (öffentliche Hashtag-Timelines)",
    bluesky: "Bluesky (öffentlicher Datenstrom und öffentliche Profile)",
    rss: "RSS- und Atom-Feeds (Presse- und Nachrichtenmeldungen)",
    import: "Exporte von X, LinkedIn und Instagram, die Organisator:innen selbst hochladen",
  } as Record<string, string>,
  whyHeading: "Zweck",
  whyText:
    "Auswertung der öffentlichen Kommunikation zu den Kampagnen im öffentlichen Interesse: wie sichtbar eine Kampagne war, welche Cluster, Länder und Veranstaltungen erwähnt wurden, mit welcher Reichweite und Stimmung. Es werden keine Profile einzelner Personen gebildet und keine Daten an Dritte verkauft oder für Werbung genutzt.",
  legalBasisHeading: "Rechtsgrundlage",
  retentionHeading: "Speicherdauer",
  retentionText: (days: string): string =>
    `${days} Tage nach dem Ende der Kampagne, zu der ein Beitrag gehört, werden sein Text und alle Angaben, die die Verfasser:in erkennen lassen (Handle, Name, Links, Kennungen), gelöscht bzw. durch ein nicht zurückführbares Pseudonym ersetzt. Übrig bleiben nur die Zahlen für die Gesamtauswertung (Anzahl, Reichweite, Interaktionen, Stimmung, Cluster, Hashtags).`,
  deletedText: (days: string): string =>
    `Beiträge, die ihre Verfasser:innen löschen, werden beim nächsten Abgleich aus allen Auswertungen genommen und ihr Text entfernt; der Datensatz selbst wird ${days} Tage danach vollständig gelöscht.`,
  exportsText:
    "Datenexporte (CSV, XLSX) lassen sich pseudonymisiert erzeugen: Handles und Namen werden dann durch stabile Pseudonyme ersetzt und Erwähnungen (@name) im Text unkenntlich gemacht.",
  rightsHeading: "Ihre Rechte",
  rights: [
    "Auskunft über die zu Ihnen gespeicherten Beiträge (Art. 15 DSGVO)",
    "Berichtigung (Art. 16 DSGVO)",
    "Löschung: alle Ihre Beiträge werden aus Datenbank, Suche und Auswertungen entfernt; archivierte Berichte, die sie enthielten, werden neu erzeugt (Art. 17 DSGVO)",
    "Einschränkung der Verarbeitung (Art. 18 DSGVO)",
    "Widerspruch gegen die Verarbeitung (Art. 21 DSGVO)",
    "Beschwerde bei einer Datenschutz-Aufsichtsbehörde (Art. 77 DSGVO)",
  ],
  howToAskHeading: "So stellen Sie einen Antrag",
  howToAsk:
    "Schreiben Sie an die verantwortliche Stelle und nennen Sie die Plattform und Ihr Handle (z. B. @name@social.example). Eine Löschung wird ohne Ihr Handle protokolliert: gespeichert werden nur Zeitpunkt, Anzahl und ein nicht umkehrbarer Prüfwert.",
  howToAskMissing: "Solange keine verantwortliche Stelle eingetragen ist, fehlt hier die Kontaktadresse.",
  cookiesHeading: "Cookies und Zugriffe Dritter",
  cookiesText:
    "Es wird kein Cookie gesetzt außer dem Sitzungs-Cookie nach einer Anmeldung; es ist technisch notwendig und wird beim Abmelden oder nach Ablauf gelöscht. Es gibt keine Analyse- oder Tracking-Werkzeuge.",
  thirdPartyText:
    "Das Dashboard lädt nichts von Dritten: Skripte, Stile und Diagramme kommen von diesem Server, es gibt keine externen Schriften, Karten oder Content-Delivery-Netze. Links zu Originalbeiträgen führen erst beim Anklicken zur jeweiligen Plattform.",
};

export type PrivacyMessages = typeof de;

const en: PrivacyMessages = {
  title: "Privacy notice",
  intro:
    "This application analyses public social-media posts carrying campaign hashtags. Posts are personal data of the people who wrote them. This page says what is stored, why, for how long, and what rights you have.",
  notConfigured: "Not configured:",
  controllerMissing:
    "The controller is not named. The operator must enter it in the configuration under privacy.controller (name, address, e-mail and data-protection officer).",
  legalBasisMissing:
    "The legal basis is not stated. The operator must enter it in the configuration under privacy.legalBasis.",
  retentionMissing:
    "No retention period is set: texts and author details are kept until the operator sets privacy.retentionDays.",
  controllerHeading: "Controller",
  dpoHeading: "Data-protection officer",
  emailLabel: "E-mail",
  whatHeading: "What is stored",
  whatText:
    "Public posts carrying one of the campaign hashtags, with time, text, language, link and the public counts (likes, reposts, replies, quotes), and the name, handle and follower count of the account that published them. Private or followers-only posts are not collected.",
  hashtagsLabel: "Campaign hashtags",
  platformsLabel: "Sources",
  platformNames: {
    mastodon: "Mastodon and other fediverse servers (public hashtag timelines)",
    bluesky: "Bluesky (public data stream and public profiles)",
    rss: "RSS and Atom feeds (press and news items)",
    import: "Exports from X, LinkedIn and Instagram uploaded by the organisers themselves",
  },
  whyHeading: "Purpose",
  whyText:
    "Analysis of the public communication about the campaigns in the public interest: how visible a campaign was, which clusters, Länder and events were mentioned, with what reach and sentiment. No profiles of individuals are built, and no data is sold or used for advertising.",
  legalBasisHeading: "Legal basis",
  retentionHeading: "Retention",
  retentionText: (days: string): string =>
    `${days} days after the end of the campaign a post belongs to, its text and everything that identifies its author (handle, name, links, identifiers) are deleted or replaced by a pseudonym that cannot be traced back. Only the numbers for the overall analysis remain (count, reach, engagement, sentiment, clusters, hashtags).`,
  deletedText: (days: string): string =>
    `Posts their authors delete are taken out of every analysis at the next check and their text removed; the record itself is deleted entirely ${days} days later.`,
  exportsText:
    "Data exports (CSV, XLSX) can be made pseudonymised: handles and names are then replaced by stable pseudonyms and mentions (@name) in the text are masked.",
  rightsHeading: "Your rights",
  rights: [
    "Access to the posts stored about you (Art. 15 GDPR)",
    "Rectification (Art. 16 GDPR)",
    "Erasure: all your posts are removed from the database, the search and the analyses; archived reports that held them are made again (Art. 17 GDPR)",
    "Restriction of processing (Art. 18 GDPR)",
    "Objection to the processing (Art. 21 GDPR)",
    "Complaint to a data-protection supervisory authority (Art. 77 GDPR)",
  ],
  howToAskHeading: "How to make a request",
  howToAsk:
    "Write to the controller and name the platform and your handle (e.g. @name@social.example). An erasure is logged without your handle: only the time, the counts and an irreversible check value are kept.",
  howToAskMissing: "As long as no controller is entered, the contact address is missing here.",
  cookiesHeading: "Cookies and third parties",
  cookiesText:
    "No cookie is set except the session cookie after a login; it is technically necessary and deleted at logout or when it expires. There are no analytics or tracking tools.",
  thirdPartyText:
    "The dashboard loads nothing from third parties: scripts, styles and charts come from this server; there are no external fonts, maps or content-delivery networks. Links to original posts lead to the platform only when clicked.",
};

export const PRIVACY_MESSAGES: Record<UiLang, PrivacyMessages> = { de, en };
