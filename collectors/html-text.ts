import { compile } from "html-to-text";

/**
 * Post HTML (Mastodon `content`, feed descriptions) to plain text. Links keep
 * their visible text only; Mastodon hides parts of long URLs in spans, which
 * are joined back so the full URL survives for domain attribution. Images and
 * scripts leave nothing behind.
 */
const convert = compile({
  wordwrap: false,
  preserveNewlines: false,
  selectors: [
    { selector: "a", options: { ignoreHref: true } },
    { selector: "img", format: "skip" },
    { selector: "script", format: "skip" },
    { selector: "style", format: "skip" },
    { selector: "p", options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
  ],
});

export function htmlToPlainText(html: string): string {
  return convert(html)
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
