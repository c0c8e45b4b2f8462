import type { Messages } from "./de.ts";

/** The English UI strings, for partners. Typed against the German table: every key, nothing more. */
export const en: Messages = {
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
