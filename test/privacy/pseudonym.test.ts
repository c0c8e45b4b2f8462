import { describe, expect, it } from "vitest";
import {
  erasureLogHash,
  exportAuthorPseudonym,
  exportUidPseudonym,
  keyedHash,
  maskMentions,
  normalizeHandle,
  redactedHandle,
  redactedRemoteId,
  redactedUid,
} from "../../data/privacy/pseudonym.ts";

describe("maskMentions", () => {
  it.each([
    ["Danke @anna@social.bund.de!", "Danke @…!"],
    ["@anna@social.bund.de am Anfang", "@… am Anfang"],
    ["cc @bob.bsky.social.", "cc @…."],
    ["mit @Max_Muster und @erika", "mit @… und @…"],
    ["(@a@b.example), @c", "(@…), @…"],
    ["Profil: https://social.bund.de/@anna/1099", "Profil: https://social.bund.de/@…/1099"],
    ["Mail an info@example.org bitte", "Mail an info@example.org bitte"],
    ["a.b@example.org", "a.b@example.org"],
    ["#Clusterwoche ohne Erwähnung", "#Clusterwoche ohne Erwähnung"],
    ["Grüße @jürgen@köln.social", "Grüße @…"],
    ["nur ein @ allein", "nur ein @ allein"],
    ["", ""],
  ])("%j → %j", (text, expected) => {
    expect(maskMentions(text)).toBe(expected);
  });
});

describe("normalizeHandle", () => {
  it.each([
    ["@Anna@Social.Bund.de", "anna@social.bund.de"],
    ["  anna@social.bund.de ", "anna@social.bund.de"],
    ["@@bob.bsky.social", "bob.bsky.social"],
    ["@", ""],
  ])("%j → %j", (h, expected) => {
    expect(normalizeHandle(h)).toBe(expected);
  });
});

describe("keyed pseudonyms", () => {
  it("are stable, keyed, separated by use, and shaped as documented", () => {
    const a = redactedHandle("s1", "mastodon", "@a@b");
    expect(a).toMatch(/^entfernt-[0-9a-f]{16}$/);
    expect(redactedHandle("s1", "mastodon", "@a@b")).toBe(a);
    expect(redactedHandle("s2", "mastodon", "@a@b")).not.toBe(a);
    expect(redactedHandle("s1", "bluesky", "@a@b")).not.toBe(a);
    expect(redactedUid("s1", "mastodon:https://b/users/a/statuses/1")).toMatch(/^entfernt:[0-9a-f]{32}$/);
    expect(redactedRemoteId("s1", "1")).toMatch(/^entfernt:[0-9a-f]{32}$/);
    expect(exportAuthorPseudonym("s1", "mastodon", "@a@b")).toMatch(/^autor-[0-9a-f]{12}$/);
    expect(exportUidPseudonym("s1", "x")).toMatch(/^beitrag-[0-9a-f]{20}$/);
    // Domains: the same input gives unrelated values per use.
    expect(keyedHash("s1", "author", "v")).not.toBe(keyedHash("s1", "export-author", "v"));
    // The log hash ignores how the handle was typed.
    expect(erasureLogHash("s1", "@A@B")).toBe(erasureLogHash("s1", "a@b"));
    expect(erasureLogHash("s1", "a@b")).toMatch(/^[0-9a-f]{64}$/);
    expect(() => keyedHash("", "author", "v")).toThrow(/secret/);
  });
});
