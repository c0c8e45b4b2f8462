import { MESSAGES, type UiLang } from "../i18n/index.ts";
import type { SourceGroupModel, TimeModel } from "../view-models/sources.ts";

function Time(props: { value: TimeModel | null; none: string }) {
  if (!props.value) return props.none;
  return <time datetime={props.value.iso}>{props.value.text}</time>;
}

/**
 * One source's targets. Status is a word and a colour, never colour alone. The
 * last error and the target come from remote servers and the config: they are
 * JSX text children only (escaped), never markup. The table scrolls sideways on
 * narrow screens; the scroll box is a labelled, focusable region so keyboard
 * users can scroll it (WCAG 2.1.1).
 */
export function SourcesTable(props: { lang: UiLang; group: SourceGroupModel }) {
  const m = MESSAGES[props.lang];
  const g = props.group;
  return (
    <div class="source-group">
      <h2 id={g.headingId}>{g.name}</h2>
      <section class="table-scroll" aria-labelledby={`${g.headingId}-caption`} tabindex={0}>
        <table class="sources-table">
          <caption id={`${g.headingId}-caption`}>{g.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{m.colTarget}</th>
              <th scope="col">{m.colStatus}</th>
              <th scope="col">{m.colLastRun}</th>
              <th scope="col">{m.colLastSuccess}</th>
              <th scope="col">{m.colRuns}</th>
              <th scope="col">{m.colItems}</th>
              <th scope="col">{m.colCoverage}</th>
              <th scope="col">{m.colRateLimit}</th>
              <th scope="col">{m.colError}</th>
              <th scope="col">{m.colGaps}</th>
            </tr>
          </thead>
          <tbody>
            {g.rows.map((r) => (
              <tr class={r.status.isError ? "row-error" : undefined}>
                <th scope="row" class="target">
                  {r.target}
                </th>
                <td class="text">
                  <span class={`status status-${r.status.key}`}>{r.status.label}</span>
                </td>
                <td class="text">
                  <Time value={r.lastRun} none={m.never} />
                </td>
                <td class="text">
                  <Time value={r.lastSuccess} none={m.never} />
                </td>
                <td class="text">{r.runs}</td>
                <td class="text">{r.items}</td>
                <td class="text">{r.coverage}</td>
                <td class="text">{r.rateLimitWait}</td>
                <td class="text error-text">{r.error ?? m.noError}</td>
                <td class="text">
                  {r.gaps.items.length === 0 ? (
                    r.gaps.summary
                  ) : (
                    <details class="gaps">
                      <summary>{r.gaps.summary}</summary>
                      <ul>
                        {r.gaps.items.map((item) => (
                          <li>{item}</li>
                        ))}
                      </ul>
                    </details>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
