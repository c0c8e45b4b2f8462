import pino from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runCli } from "../../server/cli.ts";

const log = pino({ level: "silent" });

describe("DATABASE_URL", () => {
  afterEach(() => vi.restoreAllMocks());

  function stderrOf(): () => string {
    let text = "";
    vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      text += String(chunk);
      return true;
    });
    return () => text;
  }

  it("is what `worker` needs: without it the worker refuses with exit 2", async () => {
    const err = stderrOf();
    expect(await runCli(["worker"], {}, log)).toBe(2);
    expect(err()).toMatch(/worker needs DATABASE_URL/);
  });

  it("is not silently ignored by the commands that run on SQLite only (so far)", async () => {
    const env = { DATABASE_URL: "postgres://nobody@127.0.0.1:1/none" };
    for (const args of [
      ["backup", "backup.sqlite"],
      ["restore", "backup.sqlite"],
    ]) {
      const err = stderrOf();
      expect(await runCli(args, env, log), args.join(" ")).toBe(2);
      expect(err()).toMatch(/DATABASE_URL is set, but this command runs on SQLite only/);
      vi.restoreAllMocks();
    }
  });

  it("is where `collect` goes: a server it cannot reach fails the command (exit 1), nothing could run", async () => {
    const err = stderrOf();
    const env = { DATABASE_URL: "postgres://nobody@127.0.0.1:1/none" };
    expect(await runCli(["collect"], env, log)).toBe(1);
    expect(err()).toMatch(/resonanz collect: .*(ECONNREFUSED|connect)/);
  });
});
