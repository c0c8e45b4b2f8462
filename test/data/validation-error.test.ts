import { describe, expect, it } from "vitest";
import { ValidationError } from "../../data/errors.ts";
import { parseFilters } from "../../data/filters.ts";
import { parsePostQuery, toFtsQuery } from "../../data/queries/posts.ts";
import { CAMPAIGNS } from "../helpers/db.ts";

function thrown(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err;
    throw err;
  }
  throw new Error("expected a ValidationError");
}

/**
 * Every place that throws a ValidationError names the offending query parameter
 * in `param` (pages point at the field with it instead of parsing the message),
 * and the message quotes the same name for API clients.
 */
describe("ValidationError.param", () => {
  const cursor = (raw: string) => Buffer.from(raw, "utf8").toString("base64url");

  it.each<[string, () => unknown, string]>([
    ["a too long campaign id", () => parseFilters({ campaign: "c".repeat(101) }, CAMPAIGNS), "campaign"],
    ["an unknown campaign", () => parseFilters({ campaign: "nope" }, CAMPAIGNS), "campaign"],
    ["a malformed from", () => parseFilters({ from: "2017-13-40" }, CAMPAIGNS), "from"],
    ["a malformed to", () => parseFilters({ to: "20.04.2017" }, CAMPAIGNS), "to"],
    ["from after to", () => parseFilters({ from: "2017-04-28", to: "2017-04-20" }, CAMPAIGNS), "from"],
    ["an unknown platform", () => parseFilters({ platform: "myspace" }, CAMPAIGNS), "platform"],
    ["a bad language code", () => parseFilters({ lang: "Deutsch" }, CAMPAIGNS), "lang"],
    ["a too long cluster id", () => parseFilters({ cluster: "c".repeat(201) }, CAMPAIGNS), "cluster"],
    ["a malformed cluster id", () => parseFilters({ cluster: "It's OWL" }, CAMPAIGNS), "cluster"],
    ["a malformed state", () => parseFilters({ state: "NRW" }, CAMPAIGNS), "state"],
    ["a state that is no Land", () => parseFilters({ state: "DE-XX" }, CAMPAIGNS), "state"],
    ["a too long search", () => parsePostQuery({ q: "x".repeat(501) }), "q"],
    ["an unknown sentiment", () => parsePostQuery({ sentiment: "happy" }), "sentiment"],
    ["a limit of 0", () => parsePostQuery({ limit: "0" }), "limit"],
    ["a limit that is no number", () => parsePostQuery({ limit: "ten" }), "limit"],
    ["a too long cursor", () => parsePostQuery({ cursor: "c".repeat(201) }), "cursor"],
    ["a cursor not from the API", () => parsePostQuery({ cursor: cursor("2017-04-20|1") }), "cursor"],
    ["a search without a word", () => toFtsQuery("*** ---"), "q"],
  ])("%s names %s", (_case, fn, param) => {
    const err = thrown(fn);
    expect(err.param).toBe(param);
    expect(err.status).toBe(400);
    expect(err.message).toContain(`'${param}'`);
  });

  it("is optional: an error without a parameter has none", () => {
    expect(new ValidationError("bad upload").param).toBeUndefined();
  });
});
