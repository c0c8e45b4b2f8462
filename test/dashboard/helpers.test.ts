import { describe, expect, it } from "vitest";
import { toScriptJson } from "../../dashboard/json-script.ts";
import { pageHref } from "../../dashboard/urls.ts";
import { buildFilterErrorModel } from "../../dashboard/view-models/filter-error.ts";

describe("toScriptJson", () => {
  it.each([
    ["</script><script>alert(1)</script>"],
    ["<!-- comment -->"],
    ["a & b > c"],
    ["line\u2028separator\u2029"],
    ["Ümläute und „Anführungszeichen“"],
  ])("%j cannot break out of the element and round-trips", (text) => {
    const json = toScriptJson({ labels: [text] });
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual({ labels: [text] });
  });
});

describe("pageHref", () => {
  it.each([
    [{}, {}, "/"],
    [{ lang: "en" }, { lang: undefined }, "/"],
    [{ campaign: "cw", from: "2017-04-21" }, { lang: "en" }, "/?campaign=cw&from=2017-04-21&lang=en"],
    [{ from: "", platform: "rss" }, {}, "/?platform=rss"],
    [{ q: "a&b=<c>" }, {}, "/?q=a%26b%3D%3Cc%3E"],
  ])("%j + %j → %s", (query, changes, href) => {
    expect(pageHref("/", query, changes)).toBe(href);
  });
});

describe("buildFilterErrorModel", () => {
  it.each([
    [
      "de",
      "invalid filter 'from': must be a calendar day YYYY-MM-DD",
      "from",
      { from: "2017-13-40" },
      "Der Wert „2017-13-40“ für „Von“ ist ungültig.",
    ],
    [
      "en",
      "invalid filter 'from': must be a calendar day YYYY-MM-DD",
      "from",
      { from: "2017-13-40" },
      "The value “2017-13-40” for “From” is invalid.",
    ],
    // The API's `lang` is the page's `postLang`.
    [
      "de",
      "invalid filter 'lang': must be a language code such as de or en",
      "lang",
      { postLang: "xx1" },
      "Der Wert „xx1“ für „Beitragssprache“ ist ungültig.",
    ],
    [
      "de",
      "filter 'cluster' is not supported yet",
      "cluster",
      { cluster: "x" },
      "Der Wert „x“ für „Cluster“ ist ungültig.",
    ],
    ["de", "invalid parameter 'bucket'", "bucket", {}, "Der Wert für „Zeiteinheit“ ist ungültig."],
    // The message is not parsed: only `param` names the field.
    ["de", "invalid filter 'from': something", undefined, { from: "x" }, null],
    ["de", "something unexpected", "nope", {}, null],
    ["de", "prototype keys are no parameters", "constructor", {}, null],
  ] as const)("%s %s (param %s)", (lang, message, param, query, problem) => {
    const model = buildFilterErrorModel({ lang, message, param, query });
    expect(model.problem).toBe(problem);
    expect(model.hint === null).toBe(problem === null);
    expect(model.technical).toBe(message);
  });
});
