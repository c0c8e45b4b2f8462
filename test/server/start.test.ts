import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatInteger, formatPercent } from "../../data/format.ts";
import { collect, runCli, startCli } from "../helpers/cli.ts";
import { clusterwocheStatuses, type FakeInstance, startFakeMastodon } from "../helpers/fake-mastodon.ts";
import { pdfText, skipPdfTools } from "../reports/pdf-tools.ts";

/** Waits for the "is running: URL" line of `resonanz start`. */
function urlOf(child: ReturnType<typeof startCli>): Promise<string> {
  return new Promise((resolve, reject) => {
    let err = "";
    child.stderr?.on("data", (d) => {
      err += d;
      const m = /is running: (http:\/\/\S+)/.exec(err);
      if (m?.[1]) resolve(m[1]);
    });
    child.once("exit", (code) => reject(new Error(`start exited with ${code}: ${err}`)));
  });
}

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("npm start", () => {
  let mastodon: FakeInstance;
  let dir: string;
  let config: string;

  beforeAll(async () => {
    mastodon = await startFakeMastodon();
    mastodon.statuses.push(...clusterwocheStatuses(mastodon, 30).map((st, i) => ({ ...st, reblogs: i % 2 })));
    dir = mkdtempSync(join(tmpdir(), "resonanz-start-"));
    config = join(dir, "config.json");
    writeFileSync(
      config,
      JSON.stringify({
        campaigns: [
          {
            id: "cw-2017",
            name: "Clusterwoche Deutschland 2017",
            hashtags: ["Clusterwoche"],
            start: "2017-04-20",
            end: "2017-04-28",
          },
        ],
        sources: { mastodon: { instances: [mastodon.url], schedule: "*/5 * * * *" } },
      }),
    );
  });
  afterAll(() => mastodon.close());

  it("serves / and /healthz, collects at start, and the PDF shows the API's numbers", async () => {
    const env = { RESONANZ_CONFIG: config, RESONANZ_DB: join(dir, "start.sqlite"), PORT: "0" };
    const child = startCli(["start"], env);
    const done = collect(child);
    try {
      const url = await urlOf(child);
      const health = await fetch(`${url}healthz`);
      expect(await health.json()).toMatchObject({ status: "ok", db: "ok" });
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/^<!DOCTYPE html>/i);

      const summary = await until(
        async () => (await fetch(`${url}api/summary`)).json() as Promise<Record<string, number>>,
        (s) => s.posts === 30,
      );
      expect(summary.posts).toBe(30);

      const pdf = join(dir, "week.pdf");
      const report = await runCli(["report", "--kind", "week", "--out", pdf], env);
      expect(report.code).toBe(0);
      if (skipPdfTools) return; // pdf-tools.ts has said why
      const text = pdfText(pdf).replace(/\u00a0/g, " ");
      for (const key of ["posts", "authors", "potentialReach", "uniqueReach", "engagement"]) {
        expect(text).toContain(formatInteger(summary[key] as number, "de"));
      }
      expect(text).toContain(formatPercent(summary.engagementRate as number, "de").replace(/\u00a0/g, " "));
    } finally {
      child.kill("SIGTERM");
    }
    const r = await done;
    expect(r.code).toBe(0);
  });

  it("SIGTERM during a collection aborts it, records the run and exits 0", async () => {
    mastodon.delayMs = 3000;
    const dbPath = join(dir, "sigterm.sqlite");
    const child = startCli(["start"], {
      RESONANZ_CONFIG: config,
      RESONANZ_DB: dbPath,
      PORT: "0",
      LOG_LEVEL: "info",
    });
    const done = collect(child);
    await urlOf(child);
    await until(
      async () => mastodon.requests.length,
      (n) => n > 0,
    );
    const sent = Date.now();
    child.kill("SIGTERM");
    const r = await done;
    mastodon.delayMs = 0;
    expect(r.code).toBe(0);
    expect(Date.now() - sent).toBeLessThan(2500); // did not wait for the slow answer
    expect(r.stderr).toContain("stopped cleanly");
    const db = new Database(dbPath, { readonly: true });
    expect(db.prepare("select status from collector_runs where source = 'mastodon'").all()).toEqual([
      { status: "aborted" },
    ]);
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    db.close();
  });

  it("refuses a bad PORT with exit 2", async () => {
    const r = await runCli(["start"], {
      RESONANZ_CONFIG: config,
      RESONANZ_DB: join(dir, "port.sqlite"),
      PORT: "http",
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("PORT must be a number");
  });
});
