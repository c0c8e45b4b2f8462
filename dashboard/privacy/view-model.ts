import { formatInteger } from "../../data/format.ts";
import type { UiLang } from "../i18n/index.ts";
import { createFormatter } from "../view-models/format.ts";
import { PRIVACY_MESSAGES } from "./messages.ts";

/** What the operator configured (`privacy` in the config file, server/config.ts), as the page needs it. */
export interface PrivacyNoticeSettings {
  controller?:
    | {
        name: string;
        address: string;
        email: string;
        dpo?: { name?: string | undefined; email: string; address?: string | undefined } | undefined;
      }
    | undefined;
  legalBasis?: string | undefined;
  retentionDays?: number | undefined;
  deletedAtSourceDays: number;
  /** Configured sources ("mastodon", "bluesky", "rss"); uploads are always possible. */
  sources: readonly string[];
  campaigns: readonly { name: string; hashtags: readonly string[]; start: string; end: string }[];
}

export interface ContactBlock {
  heading: string;
  /** Name and address lines, in order. */
  lines: string[];
  email: { label: string; address: string; href: string } | null;
}

export interface PrivacyNoticeModel {
  lang: UiLang;
  title: string;
  heading: string;
  intro: string;
  /** "Nicht konfiguriert" warnings, shown first. */
  warnings: { label: string; text: string }[];
  controller: ContactBlock | null;
  dpo: ContactBlock | null;
  what: {
    heading: string;
    text: string;
    platformsLabel: string;
    platforms: string[];
    hashtagsLabel: string;
    campaigns: { name: string; period: string; hashtags: string }[];
  };
  why: { heading: string; text: string };
  legalBasis: { heading: string; text: string | null };
  retention: { heading: string; paragraphs: string[] };
  rights: { heading: string; items: string[] };
  howToAsk: { heading: string; text: string; contact: ContactBlock["email"] };
  cookies: { heading: string; paragraphs: string[] };
}

const SOURCE_ORDER = ["mastodon", "bluesky", "rss"] as const;

/** The privacy notice (Datenschutzhinweise) from the operator's settings: pure, one call per request. */
export function buildPrivacyNoticeModel(lang: UiLang, s: PrivacyNoticeSettings): PrivacyNoticeModel {
  const m = PRIVACY_MESSAGES[lang];
  const fmt = createFormatter(lang);
  const warnings: PrivacyNoticeModel["warnings"] = [];
  if (!s.controller) warnings.push({ label: m.notConfigured, text: m.controllerMissing });
  if (!s.legalBasis) warnings.push({ label: m.notConfigured, text: m.legalBasisMissing });
  if (s.retentionDays === undefined) warnings.push({ label: m.notConfigured, text: m.retentionMissing });
  const mail = (address: string) => ({ label: m.emailLabel, address, href: `mailto:${address}` });
  const controller: ContactBlock | null = s.controller
    ? {
        heading: m.controllerHeading,
        lines: [s.controller.name, ...addressLines(s.controller.address)],
        email: mail(s.controller.email),
      }
    : null;
  const dpoCfg = s.controller?.dpo;
  const dpo: ContactBlock | null = dpoCfg
    ? {
        heading: m.dpoHeading,
        lines: [...(dpoCfg.name ? [dpoCfg.name] : []), ...addressLines(dpoCfg.address ?? "")],
        email: mail(dpoCfg.email),
      }
    : null;
  const retention = [
    ...(s.retentionDays !== undefined ? [m.retentionText(formatInteger(s.retentionDays, lang))] : []),
    m.deletedText(formatInteger(s.deletedAtSourceDays, lang)),
    m.exportsText,
  ];
  return {
    lang,
    title: `${m.title} – Resonanz`,
    heading: m.title,
    intro: m.intro,
    warnings,
    controller,
    dpo,
    what: {
      heading: m.whatHeading,
      text: m.whatText,
      platformsLabel: m.platformsLabel,
      platforms: [
        ...SOURCE_ORDER.filter((k) => s.sources.includes(k)).map((k) => m.platformNames[k] ?? k),
        m.platformNames.import ?? "",
      ],
      hashtagsLabel: m.hashtagsLabel,
      campaigns: s.campaigns.map((c) => ({
        name: c.name,
        period: fmt.period(c.start, c.end),
        hashtags: c.hashtags.map((h) => `#${h}`).join(", "),
      })),
    },
    why: { heading: m.whyHeading, text: m.whyText },
    legalBasis: { heading: m.legalBasisHeading, text: s.legalBasis ?? null },
    retention: { heading: m.retentionHeading, paragraphs: retention },
    rights: { heading: m.rightsHeading, items: [...m.rights] },
    howToAsk: {
      heading: m.howToAskHeading,
      text: s.controller ? m.howToAsk : `${m.howToAsk} ${m.howToAskMissing}`,
      contact: dpo?.email ?? controller?.email ?? null,
    },
    cookies: { heading: m.cookiesHeading, paragraphs: [m.cookiesText, m.thirdPartyText] },
  };
}

/** "Musterstraße 1, 10115 Berlin" or a multi-line address: one line each. */
function addressLines(address: string): string[] {
  return address
    .split(/\r?\n|,\s*/)
    .map((l) => l.trim())
    .filter((l) => l !== "");
}
