import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, decode, get, type World } from "./posts-world.ts";

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.close();
});

const page = (path: string) => get(w.app, path);

function hrefs(html: string): string[] {
  return [...html.matchAll(/<a href="([^"]*)"/g)].map((m) => decode(m[1] ?? ""));
}

describe("GET /reports", () => {
  it("offers the week report in both languages, the cluster form and the exports, for the filters", async () => {
    const { status, html, res } = await page("/reports?platform=mastodon&from=2017-04-21");
    expect(status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(html.match(/<h1[ >]/g)).toHaveLength(1);
    expect(html).toContain("<h1>Berichte</h1>");
    expect(html).toContain('aria-current="page">Berichte</a>');
    const links = hrefs(html);
    for (const href of [
      "/reports/week.pdf?from=2017-04-21&platform=mastodon&lang=de",
      "/reports/week.pdf?from=2017-04-21&platform=mastodon&lang=en",
      "/export/posts.csv?from=2017-04-21&platform=mastodon",
      "/export/posts.xlsx?from=2017-04-21&platform=mastodon",
      "/export/clusters.csv?from=2017-04-21&platform=mastodon",
    ]) {
      expect(links).toContain(href);
    }
    // Every section has a heading it is labelled by.
    for (const id of ["week-report-heading", "cluster-report-heading", "exports-heading"]) {
      expect(html).toContain(`aria-labelledby="${id}"`);
      expect(html).toContain(`<h2 id="${id}">`);
    }
    expect(html).toContain('<label for="r-cluster">Cluster</label>');
    expect(html).toContain('<select id="r-cluster" name="reportCluster">');
    expect(html).toContain('<input type="hidden" name="platform" value="mastodon"/>');
    expect(links.some((l) => l.startsWith("/reports/clusters/"))).toBe(false);
    expect(html).not.toMatch(/\sstyle=/i);
  });

  it("the week report link works with the existing report route's parameter names", async () => {
    const { html } = await page("/reports?postLang=de&lang=en");
    expect(hrefs(html)).toContain("/reports/week.pdf?postLang=de&lang=de");
    expect(hrefs(html)).toContain("/reports/week.pdf?postLang=de&lang=en");
  });

  it("after picking a cluster, shows its PDF links", async () => {
    const { status, html } = await page("/reports?reportCluster=its-owl&state=DE-NW");
    expect(status).toBe(200);
    expect(html).toContain('<option value="its-owl" selected="">');
    expect(hrefs(html)).toContain("/reports/clusters/its-owl.pdf?state=DE-NW&lang=de");
    expect(hrefs(html)).toContain("/reports/clusters/its-owl.pdf?state=DE-NW&lang=en");
    expect(html).toContain("Bericht für it&#39;s OWL Clustermanagement GmbH auf Deutsch (PDF)");
  });

  it("an unknown cluster in the form gets the 400 page", async () => {
    const { status, html } = await page("/reports?reportCluster=nope");
    expect(status).toBe(400);
    expect(html).toContain("<h1>Ungültiger Filter</h1>");
  });

  it("English", async () => {
    const { status, html } = await page("/reports?lang=en&cluster=biorn");
    expect(status).toBe(200);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("<h1>Reports</h1>");
    expect(html).toContain("Week report in English (PDF)");
    expect(html).toContain("Report for BioRN Network e.V. in German (PDF)");
    const toGerman = /<a href="([^"]*)" lang="de" hreflang="de">Deutsch<\/a>/.exec(html);
    expect(decode(toGerman?.[1] ?? "")).toBe("/reports?cluster=biorn");
  });
});
