import { describe, expect, it } from "vitest";
import { headerProblems, htmlProblems, leakProblems } from "./checks.ts";
import { CATALOGUE, encodeValue, hostileValues } from "./fuzz.ts";

/** The suite's own checks catch what they claim to: a check that sees nothing proves nothing. */
describe("the security checks themselves", () => {
  it.each([
    ["<script>alert(1)</script>", "script"],
    ['<img src=x onerror="alert(1)">', "forbidden tag <img>"],
    ['<a href=" java&#x09;script:alert(1)">x</a>', "script-capable URL"],
    ['<a href="JaVaScRiPt:alert(1)">x</a>', "script-capable URL"],
    ['<div onmouseover="x">', "event handler"],
    ['<p style="width:expression(1)">', "inline style"],
    ['<svg onload="x">', "forbidden tag <svg>"],
    ['<meta http-equiv="refresh" content="0;url=https://evil.example/">', "<meta http-equiv>"],
    ['<link rel="stylesheet" href="https://evil.example/x.css">', "foreign <link>"],
    ['<form action="https://evil.example/"></form>', "form posting elsewhere"],
    ['<a href="https://evil.example/" target="_blank">x</a>', "noopener"],
    ['<a href="//evil.example/">x</a>', "protocol-relative"],
    ['<script type="application/json">{"a":"</script><script>x</script>"}</script>', "not an app asset"],
    ['<script type="application/json">{"a":"<!--"}</script>', "raw <"],
    ["<x-fz a=1>", "forbidden tag <x-fz>"],
  ])("htmlProblems finds %s", (html, expected) => {
    expect(htmlProblems(html).join("\n")).toContain(expected);
  });

  it("htmlProblems passes what the app writes", () => {
    const html =
      '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"/><link rel="icon" href="data:,"/>' +
      '<link rel="stylesheet" href="/assets/app.css?v=1"/><script src="/assets/live.js?v=1" defer></script></head>' +
      '<body><script type="application/json" id="d">{"t":"\\u003cscript\\u003e"}</script>' +
      '<a href="https://social.example/@a/1" target="_blank" rel="noopener nofollow">&lt;script&gt;</a>' +
      '<form method="get" action="/posts"></form></body></html>';
    expect(htmlProblems(html)).toEqual([]);
  });

  it("leakProblems finds stack traces, source paths and internal errors", () => {
    expect(leakProblems("Error: x\n    at handler (/srv/app/server/api.ts:12:3)")).not.toEqual([]);
    expect(leakProblems(`${process.cwd()}/data/db.ts`)).not.toEqual([]);
    expect(leakProblems("SqliteError: no such column: x")).not.toEqual([]);
    expect(leakProblems("root:x:0:0:root:/root:/bin/bash")).not.toEqual([]);
    expect(leakProblems('{"error":"invalid filter \'from\': must be a calendar day YYYY-MM-DD"}')).toEqual(
      [],
    );
  });

  it("headerProblems wants a strict CSP and nosniff", () => {
    expect(headerProblems(new Headers())).toContain("no Content-Security-Policy header");
    const loose = new Headers({
      "content-security-policy": "default-src 'self'; script-src 'self' 'unsafe-inline'",
      "x-content-type-options": "nosniff",
    });
    expect(headerProblems(loose).join()).toContain("unsafe");
  });

  it("hostile values are deterministic, bounded and cover the catalogue", () => {
    expect(hostileValues("x", 300)).toEqual(hostileValues("x", 300));
    expect(hostileValues("x", 300)).not.toEqual(hostileValues("y", 300));
    expect(hostileValues("x", 300).slice(0, CATALOGUE.length)).toEqual(CATALOGUE);
    expect(Math.max(...hostileValues("z", 300).map((v) => v.length))).toBeLessThanOrEqual(102_400);
    expect(encodeValue("\ud800a")).toBe("%ED%A0%80a");
  });
});
