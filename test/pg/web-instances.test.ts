import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DateTime } from "luxon";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type CliResult, collect, runCli, startCli } from "../helpers/cli.ts";
import { clusterwocheStatuses, type FakeInstance, startFakeMastodon } from "../helpers/fake-mastodon.ts";
import { describePg, usePgDatabase } from "../helpers/postgres.ts";

const ADMIN_PASSWORD = "admin-Passwort-123";
const SECRET = "a-test-secret-of-at-least-32-characters";

/** A child `resonanz` process and its exit. */
interface Proc {
  child: ChildProcess;
  done: Promise<CliResult>;
}

/** Waits for the "is running …: URL" line of `resonanz start`. */
function urlOf(p: Proc): Promise<string> {
  return new Promise((resolve, reject) => {
    let err = "";
    p.child.stderr?.on("data", (d) => {
      err += d;
      const m = /is running[^:]*: (http:\/\/\S+)/.exec(err);
      if (m?.[1]) resolve(m[1]);
    });
    p.child.once("exit", (code) => reject(new Error(`start exited with ${code}: ${err}`)));
  });
}

async function until<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: last ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The deployment of the README: several `npm start` web instances behind a
 * load balancer and one `resonanz worker`, all on one PostgreSQL database, as
 * real child processes. The web instances serve (a session made on one is
 * good on the other), collect nothing and run no schedule; the worker
 * collects, makes the scheduled reports and runs retention, and both
 * instances show what it stored.
 */
describePg("web instances and a worker on one PostgreSQL database", () => {
  const t = usePgDatabase();
  let mastodon: FakeInstance;
  let dir: string;
  let env: Record<string, string>;
  const procs: Proc[] = [];
  let admin: pg.Client;
  const web: string[] = [];
  let cookie = "";

  beforeAll(async () => {
    mastodon = await startFakeMastodon();
    mastodon.statuses.push(...clusterwocheStatuses(mastodon, 30));
    dir = mkdtempSync(join(tmpdir(), "resonanz-pg-web-"));
    const today = DateTime.now().setZone("Europe/Berlin");
    const config = join(dir, "config.json");
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
          // Running today: its daily digest is due whenever the job runs.
          {
            id: "cw-heute",
            name: "Clusterwoche heute",
            hashtags: ["Clusterwoche"],
            start: today.minus({ days: 1 }).toISODate(),
            end: today.plus({ days: 1 }).toISODate(),
          },
        ],
        defaultCampaign: "cw-2017",
        sources: { mastodon: { instances: [mastodon.url], schedule: "*/5 * * * *" } },
        // Every two seconds, so that a process that runs them shows it at once.
        reports: { schedule: { digest: "*/2 * * * * *", final: "0 6 * * *" }, languages: ["de"] },
        privacy: { schedule: "*/2 * * * * *" },
        access: { viewers: "login" },
      }),
    );
    env = {
      RESONANZ_CONFIG: config,
      DATABASE_URL: t.database.url,
      RESONANZ_REPORTS_DIR: join(dir, "reports"),
      RESONANZ_SECRET: SECRET,
      RESONANZ_ADMIN_PASSWORD: ADMIN_PASSWORD,
      PORT: "0",
    };
    admin = new pg.Client({ connectionString: t.database.url });
    await admin.connect();
  });

  afterAll(async () => {
    for (const p of procs) p.child.kill("SIGTERM");
    const results = await Promise.all(procs.map((p) => p.done));
    await admin?.end();
    await mastodon?.close();
    rmSync(dir, { recursive: true, force: true });
    // Every process stopped cleanly on SIGTERM.
    for (const r of results) expect(r.code, r.stderr).toBe(0);
  });

  const start = (args: string[]): Proc => {
    const child = startCli(args, env);
    const p = { child, done: collect(child) };
    procs.push(p);
    return p;
  };
  const count = async (query: string): Promise<number> => Number((await admin.query(query)).rows[0].n);
  const get = (url: string, path: string) =>
    fetch(`${url}${path.replace(/^\//, "")}`, { headers: { cookie } });
  const summary = async (url: string) => (await (await get(url, "/api/summary")).json()) as { posts: number };

  it("two web instances serve the dashboard, share sessions, and collect and schedule nothing", async () => {
    const started = [start(["start"]), start(["start"])];
    web.push(...(await Promise.all(started.map(urlOf))));
    const [a, b] = web as [string, string];
    expect(await (await fetch(`${a}healthz`)).json()).toMatchObject({ status: "ok", db: "ok" });

    // Login mode: nothing without a session.
    const anonymous = await fetch(a, { redirect: "manual" });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("location")).toMatch(/^\/login/);
    expect((await fetch(`${b}api/summary`)).status).toBe(401);

    // Log in on A; the session lives in PostgreSQL, so B knows it (a load balancer may send anywhere).
    const login = await fetch(`${a}login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ password: ADMIN_PASSWORD }),
    });
    expect(login.status).toBe(200);
    cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    expect(cookie).toMatch(/^resonanz_session=/);
    const page = await get(b, "/");
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/^<!DOCTYPE html>/i);
    expect(await summary(b)).toMatchObject({ posts: 0, campaign: "cw-2017" });
    expect((await get(a, "/datenschutz")).status).toBe(200);

    // "Collect now" says where collecting happens instead of doing nothing.
    const adminPage = await (await get(b, "/admin")).text();
    expect(adminPage).toContain("Gesammelt wird im Worker");
    expect(adminPage).not.toContain('action="/admin/collect"');
    const { csrfToken } = (await (await get(b, "/api/session")).json()) as { csrfToken: string };
    const collectNow = await fetch(`${b}admin/collect`, {
      method: "POST",
      headers: { cookie, "x-csrf-token": csrfToken, "content-type": "application/json" },
      body: "{}",
    });
    expect(collectNow.status).toBe(501);
    expect(((await collectNow.json()) as { error: string }).error).toMatch(/collection runs in the worker/);

    // A share link made on B opens on A, as its own session.
    const made = await fetch(`${b}admin/share-links`, {
      method: "POST",
      headers: { cookie, "x-csrf-token": csrfToken, "content-type": "application/json" },
      body: JSON.stringify({ campaign: "cw-2017", days: 7, label: "Presse" }),
    });
    expect(made.status).toBe(201);
    const link = new URL(((await made.json()) as { url: string }).url);
    const opened = await fetch(`${a}${link.pathname.slice(1)}`, { redirect: "manual" });
    expect(opened.status).toBe(303);
    const shareCookie = (opened.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const shared = await fetch(`${a}api/summary`, { headers: { cookie: shareCookie } });
    expect(shared.status).toBe(200);
    expect(await count("SELECT count(*) AS n FROM audit_log WHERE action = 'share-link.create'")).toBe(1);

    // Several schedule ticks later: no request to the source, no report, no retention run.
    await new Promise((r) => setTimeout(r, 5000));
    expect(mastodon.requests).toHaveLength(0);
    expect(await count("SELECT count(*) AS n FROM collector_runs")).toBe(0);
    expect(await count("SELECT count(*) AS n FROM reports")).toBe(0);
  }, 60_000);

  it("the worker collects, both instances show its posts; it alone makes the scheduled reports and runs retention", async () => {
    const [a, b] = web as [string, string];
    const worker = start(["worker"]);
    for (const url of [a, b])
      await until(
        `30 posts on ${url}`,
        () => summary(url),
        (s) => s.posts === 30,
      );

    // The digest of the campaign running today, archived by the worker in the shared directory.
    await until(
      "a scheduled digest",
      () => count("SELECT count(*) AS n FROM reports WHERE campaign = 'cw-heute' AND status = 'archived'"),
      (n) => n === 1,
      60_000,
    );
    await until(
      "a retention run",
      () => count("SELECT count(*) AS n FROM collector_runs WHERE source = 'privacy' AND status = 'ok'"),
      (n) => n >= 1,
    );
    const { rows } = await admin.query<{ id: number; trigger: string }>(
      `SELECT id, "trigger" FROM reports WHERE campaign = 'cw-heute'`,
    );
    expect(rows.map((r) => r.trigger)).toEqual(["schedule"]);
    // Any instance serves the file the worker archived.
    const archive = (await (await get(a, "/reports/archive?campaign=cw-heute")).json()) as unknown;
    expect(JSON.stringify(archive)).toContain(String(rows[0]?.id));
    expect(worker.child.exitCode).toBeNull();
  }, 120_000);

  it("uploads on a web instance and `resonanz import` store through PostgreSQL; `resonanz erase` removes", async () => {
    const [a, b] = web as [string, string];
    const header = "id,url,created_at,author_handle,author_name,author_followers,text,likes\n";
    const file = join(dir, "posts.csv");
    writeFileSync(
      file,
      `${header}c1,https://example.org/p/1,2017-04-22T10:00:00+02:00,@csv-autor,CSV,100,Eins #Clusterwoche,3\n` +
        "c2,https://example.org/p/2,2017-04-23T10:00:00+02:00,@csv-autor,CSV,100,Zwei #Clusterwoche,1\n",
    );
    const { PORT: _port, ...cliEnv } = env;
    const imported = await runCli(["import", "--platform", "csv", file], cliEnv);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ inserted: 2, campaignPosts: 2 });

    // The upload page of instance B (admin, CSRF token in the form).
    const { csrfToken } = (await (await get(b, "/api/session")).json()) as { csrfToken: string };
    const form = new FormData();
    form.set("_csrf", csrfToken);
    form.set("platform", "csv");
    form.set(
      "file",
      new Blob([
        `${header}u1,https://example.org/p/3,2017-04-24T10:00:00+02:00,@hochgeladen,Up,5,Drei #Clusterwoche,0\n`,
      ]),
      "upload.csv",
    );
    const upload = await fetch(`${b}import`, { method: "POST", headers: { cookie }, body: form });
    expect(upload.status, await upload.clone().text()).toBe(200);
    for (const url of [a, b]) expect(await summary(url)).toMatchObject({ posts: 33 });

    const erased = await runCli(["erase", "--author", "@csv-autor", "--platform", "csv", "--yes"], cliEnv);
    expect(erased.code, erased.stderr).toBe(0);
    expect(JSON.parse(erased.stdout)).toMatchObject({ posts: 2, authors: 1, dryRun: false });
    for (const url of [a, b]) expect(await summary(url)).toMatchObject({ posts: 31 });
    expect(await count("SELECT count(*) AS n FROM erasure_log")).toBe(1);

    // The dashboard's erasure route (admin), here as a dry run: counts, removes nothing.
    const dry = await fetch(`${a}admin/erase`, {
      method: "POST",
      headers: { cookie, "x-csrf-token": csrfToken, "content-type": "application/json" },
      body: JSON.stringify({ handle: "@hochgeladen", dryRun: true }),
    });
    expect(dry.status).toBe(200);
    expect(await dry.json()).toMatchObject({ dryRun: true, posts: 1, authors: 1, logId: null });

    // The live stream starts at the newest post.
    const live = new AbortController();
    const stream = await fetch(`${b}api/live`, { headers: { cookie }, signal: live.signal });
    expect(stream.headers.get("content-type")).toMatch(/text\/event-stream/);
    const reader = stream.body?.getReader();
    const first = new TextDecoder().decode((await reader?.read())?.value);
    live.abort();
    expect(first).toContain("event: ready");
  }, 60_000);

  it("counts failed logins across instances: five wrong passwords anywhere, and every instance refuses", async () => {
    const [a, b] = web as [string, string];
    const tryLogin = (url: string, password: string) =>
      fetch(`${url}login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ password }),
      });
    // Alternating, as a load balancer would send them: each instance alone saw fewer than five.
    for (const url of [a, b, a, b, a]) expect((await tryLogin(url, "falsch")).status).toBe(401);
    const refused = await tryLogin(b, ADMIN_PASSWORD);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(60);
    expect((await tryLogin(a, ADMIN_PASSWORD)).status).toBe(429);
    // Stored under a keyed hash, never the address.
    const keys = (await admin.query("SELECT DISTINCT key FROM login_failures")).rows as { key: string }[];
    expect(keys).toHaveLength(1);
    expect(keys[0]?.key).not.toContain("127.0.0.1");
  }, 60_000);
});
