import { describe, expect, it } from "vitest";
import { type AttributionPost, compileMatcher } from "../../data/analysis/attribution.ts";
import { nameStrength, nameVariants } from "../../data/analysis/attribution-names.ts";
import { compact, fold, splitCamelCase, textLinks, tokenize } from "../../data/analysis/attribution-text.ts";
import { loadRegistry, parseRegistry } from "../../data/analysis/registry.ts";

const registry = loadRegistry("data/registry/clusters.json");
const attribute = compileMatcher(registry);
const ids = (post: Partial<AttributionPost> & { text: string }) =>
  attribute({ hashtags: ["Clusterwoche"], ...post }).map((a) => a.id);

describe("folding", () => {
  it.each([
    ["München", "Muenchen"],
    ["Munchen", "München"],
    ["Südwest", "SUEDWEST"],
    ["Gauß", "gauss"],
    ["Thüringen", "Thueringen"],
    ["Ökosystem", "oekosystem"],
    ["Café", "cafe"],
  ])("%s ≡ %s", (a, b) => expect(fold(a)).toBe(fold(b)));

  it.each([
    ["#Silicon_Saxony", "siliconsaxony"],
    ["it's OWL", "itsowl"],
    ["Kunststoff.NRW", "kunststoffnrw"],
    ["microTEC Südwest", "microtecsudwest"],
  ])("compact(%j) = %j", (s, c) => expect(compact(s)).toBe(c));

  it.each([
    ["SiliconSaxony", ["Silicon", "Saxony"]],
    ["itsOWL", ["its", "OWL"]],
    ["MedicalValleyEMN", ["Medical", "Valley", "EMN"]],
    ["ECMAScript", ["ECMA", "Script"]],
    ["clusterwoche", ["clusterwoche"]],
  ])("splitCamelCase(%j)", (s, parts) => expect(splitCamelCase(s)).toEqual(parts));
});

describe("tokens and boundaries", () => {
  it("splits hashtags at CamelCase but not plain words", () => {
    expect(tokenize("#HamburgAviation OpTecBB").map((t) => t.exact)).toEqual([
      "Hamburg",
      "Aviation",
      "OpTecBB",
    ]);
  });
  it("does not join words across a sentence end, but across an abbreviation dot", () => {
    const t = tokenize("in Hamburg. Aviation OLEC e. V. ok");
    expect(t.map((x) => x.joined)).toEqual([false, true, false, true, true, true, true]);
  });
  it("finds URLs and lower-case bare domains, not dotted names", () => {
    expect(textLinks("See https://biorn.org/events/, bio.nrw.de/x and Kunststoff.NRW or BIO.NRW.")).toEqual([
      "https://biorn.org/events/",
      "bio.nrw.de/x",
    ]);
  });
});

describe("name rules", () => {
  it.each([
    ["Silicon Saxony", "strong"],
    ["WAB e.V.", "strong"],
    ["m4", "short"],
    ["AFBW", "short"],
    ["DeSK", "short"],
    ["GAUSS", "ordinary"],
    ["Desk", "generic"],
    ["autoregion", "generic"],
  ])("%s is %s", (name, strength) => expect(nameStrength(name)).toBe(strength));

  it("derives spellings without legal form, parenthesis and subtitle", () => {
    expect(nameVariants("OpTecBB e. V. – Kompetenznetz Optische Technologien")).toContain("OpTecBB");
    expect(nameVariants("Cluster Chemie (Bayern)")).toEqual(
      expect.arrayContaining(["Cluster Chemie", "Cluster Chemie Bayern"]),
    );
  });

  it.each<[string, string[], string[]?]>([
    ["Der Spitzencluster it's OWL lädt ein", ["its-owl"]],
    ["Muenchner Biotech Cluster", ["muenchner-biotech-cluster-m4"]],
    ["Das m4-Team", ["muenchner-biotech-cluster-m4"]],
    ["Spitzencluster M4", ["muenchner-biotech-cluster-m4"]],
    ["BMW M4 Probefahrt", []],
    ["Die AFBW zeigt", ["afbw"]],
    ["Die AFBW zeigt", [], ["Autos"]],
    ["die afbw zeigt", []],
    ["Help Desk", []],
    ["DeSK zeigt Satelliten", ["desk"]],
    ["Molecule OLECtra", []],
    ["Unser Kubernetes-Cluster", []],
    ["Ein Cluster von Fragen", []],
    ["Autoregion Stuttgart", []],
    ["autoregion e. V.", ["autoregion"]],
    ["in Hamburg. Aviation ist toll", []],
    ["Cluster Energietechnik", []],
    ["Cluster Energietechnik Bayern", ["cluster-energietechnik-bayern"]],
    ["Cluster Automotive Nordwest", ["automotive-nordwest"]],
    ["Cluster Automotive", ["cluster-automotive-bayern"]],
    ["Cluster erneuerbare Energien Sachsen-Anhalt", ["ceesa"]],
  ])("%j → %j", (text, expected, hashtags = ["Clusterwoche"]) => {
    expect(attribute({ text, hashtags }).map((a) => a.id)).toEqual(expected);
  });
});

describe("attribute", () => {
  it("names the strongest way a cluster was matched", () => {
    expect(
      attribute({ text: "#itsOWL: it's OWL auf https://www.its-owl.com", hashtags: ["itsOWL"] }),
    ).toEqual([{ id: "its-owl", matchedBy: "hashtag" }]);
    expect(attribute({ text: "it's OWL", hashtags: [], urls: ["https://its-owl.com/x"] })).toEqual([
      { id: "its-owl", matchedBy: "domain" },
    ]);
  });

  it("never takes the campaign tag a registry entry lists as a cluster's tag", () => {
    expect(ids({ text: "Los geht's", hashtags: ["Clusterwoche", "clusterwoche2019"] })).toEqual([]);
  });

  it("matches Mastodon-lower-cased tags", () => {
    expect(ids({ text: "", hashtags: ["siliconsaxony", "hamburgaviation"] })).toEqual([
      "hamburg-aviation",
      "silicon-saxony",
    ]);
  });

  it("requires the path on a host that is not the cluster's own", () => {
    expect(ids({ text: "https://composites-united.com/maincategory/mai-carbon/news" })).toEqual([
      "mai-carbon",
    ]);
    expect(ids({ text: "https://composites-united.com/maincategory/mai-carbonara" })).toEqual([]);
    expect(ids({ text: "https://composites-united.com/news" })).toEqual([]);
    expect(ids({ text: "https://events.cyberforum.de/x" })).toEqual(["cyberforum"]);
  });

  it("matches handles and domains a registry editor adds", () => {
    const r = parseRegistry({
      clusters: [
        {
          id: "a",
          name: "Alpha Netz",
          handles: { mastodon: ["@alpha@social.example"], bluesky: ["alpha.bsky.social"] },
          domains: ["alpha.example", "portal.example/alpha"],
        },
        { id: "b", name: "Beta Netz", domains: ["portal.example/beta"] },
      ],
    });
    const match = compileMatcher(r);
    expect(match({ text: "hi", hashtags: [], mentions: ["https://social.example/@alpha"] })).toEqual([
      { id: "a", matchedBy: "handle" },
    ]);
    expect(match({ text: "danke @alpha.bsky.social", hashtags: [] })).toEqual([
      { id: "a", matchedBy: "handle" },
    ]);
    expect(match({ text: "", hashtags: [], urls: ["https://portal.example/beta/x"] })).toEqual([
      { id: "b", matchedBy: "domain" },
    ]);
    expect(match({ text: "", hashtags: [], urls: ["https://portal.example/"] })).toEqual([]);
  });
});

describe("parseRegistry", () => {
  it("names the path of every problem", () => {
    expect(() =>
      parseRegistry({
        clusters: [
          { id: "ok", name: "A" },
          { id: "Bad Id", name: "", state: "NRW", website: "nope" },
        ],
      }),
    ).toThrow(
      /\$\.clusters\[1\]\.id: must be a kebab-case id[\s\S]*\$\.clusters\[1\]\.name[\s\S]*\$\.clusters\[1\]\.state/,
    );
  });
  it("rejects duplicate ids", () => {
    expect(() =>
      parseRegistry({
        clusters: [
          { id: "a", name: "A" },
          { id: "a", name: "B" },
        ],
      }),
    ).toThrow(/\$\.clusters\[1\]\.id: duplicate id 'a'/);
  });
  it("reads the shipped registry", () => {
    expect(registry.clusters).toHaveLength(152);
    const owl = registry.clusters.find((c) => c.id === "its-owl");
    expect(owl?.domains).toEqual(["its-owl.com"]);
    expect(owl?.states).toEqual(["DE-NW"]);
    expect(registry.clusters.find((c) => c.id === "mai-carbon")?.domains).toEqual([
      "composites-united.com/maincategory/mai-carbon",
    ]);
  });
});
