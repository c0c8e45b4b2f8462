import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { accessOptionsFromEnv } from "../../server/access/options.ts";
import { parsePasswordHash, verifyPassword } from "../../server/access/password.ts";
import { hashPasswordCommand } from "../../server/commands/hash-password.ts";
import { parseConfig } from "../../server/config.ts";

const CONFIG = {
  campaigns: [{ id: "cw", name: "CW", hashtags: ["Clusterwoche"], start: "2017-04-20", end: "2017-04-28" }],
  sources: {},
};
const HASH = "scrypt$1024$8$1$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=";

describe("access config and environment", () => {
  it('defaults: viewers "public", no proxy trusted', () => {
    const cfg = parseConfig(CONFIG, "test");
    expect(cfg.access).toEqual({ viewers: "public" });
    expect(accessOptionsFromEnv({}, cfg)).toMatchObject({ viewers: "public", trustProxy: false });
  });

  it("reads the config keys and refuses an unknown viewer mode", () => {
    const cfg = parseConfig({ ...CONFIG, access: { viewers: "login" }, http: { trustProxy: true } }, "test");
    expect(accessOptionsFromEnv({}, cfg)).toMatchObject({ viewers: "login", trustProxy: true });
    expect(() => parseConfig({ ...CONFIG, access: { viewers: "everyone" } }, "test")).toThrow(
      /\$\.access\.viewers: must be public or login/,
    );
  });

  it("takes the passwords and removes the plain ones from the environment", () => {
    const env: NodeJS.ProcessEnv = {
      RESONANZ_ADMIN_PASSWORD: "ein-langes-passwort",
      RESONANZ_VIEWER_PASSWORD_HASH: HASH,
      RESONANZ_SECRET: "s".repeat(32),
    };
    const opts = accessOptionsFromEnv(env, parseConfig(CONFIG, "test"));
    expect(opts.adminPassword).toBe("ein-langes-passwort");
    expect(opts.viewerPasswordHash?.N).toBe(1024);
    expect(opts.secret).toBe("s".repeat(32));
    expect(env.RESONANZ_ADMIN_PASSWORD).toBeUndefined();
  });

  it.each([
    [{ RESONANZ_ADMIN_PASSWORD_HASH: "nope" }, /RESONANZ_ADMIN_PASSWORD_HASH: must look like/],
    [{ RESONANZ_ADMIN_PASSWORD: "ein-langes-passwort", RESONANZ_ADMIN_PASSWORD_HASH: HASH }, /not both/],
    [{ RESONANZ_ADMIN_PASSWORD: "kurz" }, /at least 8/],
    [{ RESONANZ_ADMIN_PASSWORD: "gleich-gleich", RESONANZ_VIEWER_PASSWORD: "gleich-gleich" }, /must differ/],
    [{ RESONANZ_SECRET: "short" }, /RESONANZ_SECRET must be at least 32/],
  ])("refuses %j", (env, message) => {
    expect(() => accessOptionsFromEnv({ ...env }, parseConfig(CONFIG, "test"))).toThrow(message);
  });
});

describe("npm run hash-password", () => {
  it("reads stdin, prints a hash that verifies, never the password", async () => {
    const out: string[] = [];
    const code = await hashPasswordCommand(Readable.from(["mein-geheimes-passwort\n"]), (l) => out.push(l));
    expect(code).toBe(0);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(out[0]).not.toContain("mein-geheimes-passwort");
    expect(await verifyPassword("mein-geheimes-passwort", parsePasswordHash(out[0] ?? ""))).toBe(true);
  });

  it("refuses a short password", async () => {
    await expect(hashPasswordCommand(Readable.from(["kurz\n"]), () => {})).rejects.toThrow(/at least 8/);
  });
});
