import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { leakProblems } from "./checks.ts";
import { rawRequest, serveApp } from "./server.ts";
import { createHostileWorld, type HostileWorld } from "./world.ts";

/**
 * Path traversal on every download: the report archive
 * (reports/archive-routes.ts), cluster reports (reports/routes.ts), static
 * files (dashboard/assets.ts) and exports (reports/exports/routes.ts), with
 * "../", encoded, double-encoded and overlong traversals, backslashes,
 * absolute paths and NUL, through the app and as raw bytes on a socket (no
 * client normalising the path). Next to the archive directory lies a
 * sentinel "passwd" file: no answer may contain it, /etc/passwd, or a source file.
 */
const TRAVERSALS = [
  "..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
  "..%2fpasswd",
  "..%2f..%2fpasswd",
  "%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
  "%2e%2e/%2e%2e/%2e%2e/etc/passwd",
  "%252e%252e%252f%252e%252e%252fetc%252fpasswd",
  "..%252f..%252fpasswd",
  "..%5c..%5c..%5cwindows%5cwin.ini",
  "..%c0%af..%c0%afetc%c0%afpasswd",
  "....%2f%2f....%2f%2fetc%2fpasswd",
  "..;%2f..;%2fetc%2fpasswd",
  "%2fetc%2fpasswd",
  "%2f%2fetc%2fpasswd",
  "file:%2f%2f%2fetc%2fpasswd",
  "1.pdf%00",
  "1.pdf%00.png",
  "1%00.pdf",
  "..%00%2fpasswd",
  "1.pdf%2f..%2f..%2fpasswd",
  "..%2f..%2f..%2fpackage.json",
  "..%2f..%2fdata%2fregistry%2fclusters.json",
  "%2e%2e%2fserver%2fapp.ts",
  "..%2fchart.umd.js",
  "app.css%2f..%2f..%2f..%2fpackage.json",
  "C:%5cWindows%5cwin.ini",
];

const PREFIXES = ["/reports/archive/", "/reports/clusters/", "/assets/", "/export/"];

/** Literal "../" and backslashes, sent as bytes. */
const RAW_PATHS = [
  "/assets/../../../../../../etc/passwd",
  "/assets/..\\..\\..\\package.json",
  "/reports/archive/../../../../etc/passwd",
  "/reports/archive/..\\..\\passwd",
  "/reports/clusters/../../../etc/passwd",
  "/export/../../../../etc/passwd",
  "/export/posts.csv/../../../package.json",
  "//etc/passwd",
  "/%2e%2e/%2e%2e/etc/passwd",
  "/assets/%2e%2e/%2e%2e/package.json",
  "/assets/app.css%00.js",
  "/reports/archive/1.pdf%00",
  "/reports/archive/./1.pdf/..",
  "/assets/./../server/app.ts",
];

describe("path traversal on downloads", () => {
  let world: HostileWorld;
  let forbidden: string[];
  beforeAll(async () => {
    world = await createHostileWorld();
    // One real archived report, so a traversal has a real file next to it.
    const res = await world.app.request("/reports/archive", {
      method: "POST",
      headers: { ...(await world.adminHeaders()), "content-type": "application/json" },
      body: JSON.stringify({ campaign: "clusterwoche-2017", lang: "de" }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    // Lines no answer may contain: the sentinel, the system's passwd, this project's own files.
    const pkg = readFileSync("package.json", "utf8");
    forbidden = [
      world.sentinel.content,
      "root:x:0:0",
      pkg.split("\n")[1] ?? '"name": "resonanz"',
      "createAppWithAccess",
      "[fonts]",
    ];
  }, 60_000);
  afterAll(async () => {
    await world?.close();
  });

  function bodyProblems(body: string): string[] {
    return [
      ...leakProblems(body),
      ...forbidden.filter((f) => body.includes(f)).map((f) => `body contains ${f.slice(0, 40)}`),
    ];
  }

  it("the archived report itself is served (the baseline the traversals start from)", async () => {
    const res = await world.app.request("/reports/archive/1.pdf");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toMatch(
      /^attachment; filename="resonanz-[a-z0-9-]+\.pdf"$/,
    );
  });

  it.each(PREFIXES)(
    "%s… with encoded traversals, absolute paths and NUL: a 4xx, nothing from outside",
    async (prefix) => {
      const problems: string[] = [];
      for (const t of TRAVERSALS) {
        const res = await world.app.request(prefix + t);
        const type = res.headers.get("content-type") ?? "";
        const body = type.startsWith("application/pdf") ? "" : await res.text();
        if (res.status < 400 || res.status >= 500) problems.push(`${prefix}${t} → ${res.status} ${type}`);
        for (const p of bodyProblems(body)) problems.push(`${prefix}${t} → ${p}`);
      }
      expect(problems).toEqual([]);
    },
  );

  it("file names from the query never reach the file system", async () => {
    for (const q of [
      "campaign=..%2f..%2fpasswd",
      "campaign=%2fetc%2fpasswd",
      "lang=..%2f..%2fpasswd",
      "cluster=..%2fpasswd",
      "sep=%2fetc%2fpasswd",
    ]) {
      for (const path of [
        "/reports/archive",
        "/export/posts.csv",
        "/export/posts.xlsx",
        "/reports/week.pdf",
      ]) {
        const res = await world.app.request(`${path}?${q}`);
        const body = await res.text();
        // A route that reads the parameter refuses it (400); one that does not ignores it (200).
        expect([200, 400], `${path}?${q}`).toContain(res.status);
        const reads =
          !(path === "/reports/archive" && !q.startsWith("campaign")) &&
          !(path !== "/export/posts.csv" && q.startsWith("sep"));
        if (reads) expect(res.status, `${path}?${q}`).toBe(400);
        expect(bodyProblems(body), `${path}?${q}`).toEqual([]);
      }
    }
  });

  it("raw request paths with literal ../ and backslashes: a 4xx, nothing from outside", async () => {
    const server = await serveApp(world.app);
    try {
      const problems: string[] = [];
      for (const path of RAW_PATHS) {
        const res = await rawRequest(
          server.port,
          `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close`,
        );
        if (res.status < 400 || res.status >= 500) problems.push(`${path} → ${res.status}`);
        for (const p of bodyProblems(res.body)) problems.push(`${path} → ${p}`);
      }
      expect(problems).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it("an archive id that is not a plain number is a 404, whatever it looks like", async () => {
    for (const name of [
      "0.pdf",
      "01.pdf",
      "-1.pdf",
      "1e3.pdf",
      "1.PDF",
      "1.pdf.pdf",
      "9999999999999.pdf",
      "1",
      "1.pdf;.js",
    ]) {
      const res = await world.app.request(`/reports/archive/${encodeURIComponent(name)}`);
      expect(res.status, name).toBe(404);
    }
  });
});
