import { toScriptJson } from "../json-script.ts";

/**
 * Data for client scripts travels in a non-executable JSON element rather than
 * an inline script, so the page needs no 'unsafe-inline' in its CSP. JSX would
 * HTML-escape the text, which a script element does not decode; toScriptJson
 * makes the raw text safe instead.
 */
export function JsonData(props: { id: string; value: unknown }) {
  return (
    <script
      type="application/json"
      id={props.id}
      dangerouslySetInnerHTML={{ __html: toScriptJson(props.value) }}
    />
  );
}
