import { MESSAGES, type UiLang } from "../i18n/index.ts";
import { JsonData } from "./json-data.tsx";

export interface LiveConfig {
  /** `/api/live?…` with the page's filters and the newest post id at render time. */
  src: string;
  locale: string;
  timezone: string;
  labels: { openOriginal: string; newWindow: string; postBy: string };
}

/**
 * The live indicator: public/live.js opens the server-sent event stream, shows
 * its state here (announced politely to screen readers) and puts new posts at
 * the top of the newest-posts list. Without JavaScript it says nothing false:
 * the text starts as "connecting" and is hidden until the script runs.
 */
export function LiveStatus(props: { lang: UiLang; config: LiveConfig }) {
  const m = MESSAGES[props.lang];
  return (
    <div class="live-status" id="live-status" hidden>
      <span class="live-dot" aria-hidden="true" />
      <span class="live-label">{m.liveLabel}</span>{" "}
      <span id="live-text" aria-live="polite" data-on={m.liveOn} data-off={m.liveOff} data-new={m.liveNew}>
        {m.liveConnecting}
      </span>{" "}
      <span id="live-count" />
      <JsonData id="live-data" value={props.config} />
    </div>
  );
}
