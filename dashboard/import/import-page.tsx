import { formatInteger } from "../../data/format.ts";
import type { AssetUrls } from "../assets.ts";
import { CsrfField, Layout } from "../components/layout.tsx";
import type { UiLang } from "../i18n/index.ts";
import { IMPORT_MESSAGES, type ImportMessages } from "./messages.ts";

/** The numbers of one import, as the server's import summary carries them. */
export interface ImportResultView {
  file: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  campaignPosts: number;
  errors: { line: number; message: string }[];
  moreErrors: number;
}

/** What went wrong with the upload as a whole: a message key, and the parser's detail for a wrong format. */
export type ImportProblem =
  | { kind: "noPlatform" | "noFile" | "notMultipart" | "badAuthor" | "forbidden" }
  | { kind: "tooLarge"; megabytes: number }
  | { kind: "wrongFormat"; detail: string };

export interface ImportPageProps {
  lang: UiLang;
  assets: AssetUrls;
  platforms: readonly string[];
  maxMegabytes: number;
  /** The form's values after a submit, so a correction does not start from scratch. */
  platform?: string | undefined;
  author?: string | undefined;
  result?: ImportResultView | undefined;
  problem?: ImportProblem | undefined;
}

/** How many rejected rows the page lists; the CLI's JSON line has up to 100. */
const SHOWN_ERRORS = 20;

/**
 * The upload page: a plain multipart form (no script), the result of the last
 * upload above it. Works without JavaScript; no inline script or style.
 */
export function ImportPage(props: ImportPageProps) {
  const m = IMPORT_MESSAGES[props.lang];
  const action = props.lang === "en" ? "/import?lang=en" : "/import";
  return (
    <Layout
      lang={props.lang}
      title={`${m.title} – Resonanz`}
      assets={props.assets}
      otherLangHref={props.lang === "en" ? "/import" : "/import?lang=en"}
      current="import"
    >
      <h1>{m.title}</h1>
      <p>{m.intro}</p>
      {props.problem ? <Problem m={m} problem={props.problem} /> : null}
      {props.result ? <Result m={m} lang={props.lang} result={props.result} /> : null}
      <section aria-labelledby="import-form-heading">
        <h2 id="import-form-heading">{m.formHeading}</h2>
        <form method="post" action={action} enctype="multipart/form-data" class="filter-form import-form">
          <CsrfField />
          <div class="field">
            <label for="i-platform">{m.platformLabel}</label>
            <select id="i-platform" name="platform" required>
              {props.platforms.map((p) => (
                <option value={p} selected={p === props.platform}>
                  {m.platformOptions[p] ?? p}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="i-author">{m.authorLabel}</label>
            <input
              id="i-author"
              name="author"
              type="text"
              maxlength={100}
              value={props.author ?? ""}
              aria-describedby="i-author-hint"
            />
          </div>
          <div class="field">
            <label for="i-file">{m.fileLabel}</label>
            <input
              id="i-file"
              name="file"
              type="file"
              required
              accept=".csv,.tsv,.txt,.js,.json,text/csv,application/json"
              aria-describedby="i-file-hint"
            />
          </div>
          <div class="actions">
            <button type="submit">{m.submit}</button>
          </div>
          <p id="i-author-hint" class="hint">
            {m.authorHint}
          </p>
          <p id="i-file-hint" class="hint">
            {m.fileHint(props.maxMegabytes)}
          </p>
        </form>
      </section>
    </Layout>
  );
}

function Problem(props: { m: ImportMessages; problem: ImportProblem }) {
  const { m, problem } = props;
  let text: string;
  switch (problem.kind) {
    case "tooLarge":
      text = m.tooLarge(problem.megabytes);
      break;
    case "wrongFormat":
      text = m.wrongFormat;
      break;
    default:
      text = m[problem.kind];
  }
  return (
    <div class="error-page" role="alert">
      <h2>{m.errorHeading}</h2>
      <p class="error-problem">{text}</p>
      {problem.kind === "wrongFormat" ? (
        <p>
          <code>{problem.detail}</code>
        </p>
      ) : null}
    </div>
  );
}

function Result(props: { m: ImportMessages; lang: UiLang; result: ImportResultView }) {
  const { m, lang, result: r } = props;
  const n = (x: number) => formatInteger(x, lang);
  const stored = r.rows - r.rejected;
  const counts: [string, number][] = [
    [m.rows, r.rows],
    [m.inserted, r.inserted],
    [m.updated, r.updated],
    [m.unchanged, r.unchanged],
    [m.rejected, r.rejected],
    [m.campaignPosts, r.campaignPosts],
  ];
  const shown = r.errors.slice(0, SHOWN_ERRORS);
  const more = r.rejected - shown.length;
  return (
    <section aria-labelledby="import-result-heading" role="status">
      <h2 id="import-result-heading">{m.resultHeading}</h2>
      <p>{m.resultIntro(r.file)}</p>
      <table class="import-counts">
        <tbody>
          {counts.map(([label, value]) => (
            <tr>
              <th scope="row">{label}</th>
              <td>{n(value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="hint">{m.campaignNote(n(r.campaignPosts), n(stored))}</p>
      {shown.length > 0 ? (
        <>
          <h3 id="import-rejected-heading">{m.rejectedHeading}</h3>
          <ul class="import-errors" aria-labelledby="import-rejected-heading">
            {shown.map((e) => (
              <li>
                <strong>{m.lineLabel(e.line)}</strong>: {e.message}
              </li>
            ))}
          </ul>
          {more > 0 ? <p>{m.moreRejected(n(more))}</p> : null}
        </>
      ) : null}
    </section>
  );
}
