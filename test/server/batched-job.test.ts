import pino from "pino";
import { describe, expect, it } from "vitest";
import { runBatchedJob } from "../../server/batched-job.ts";
import { createTestDb } from "../helpers/db.ts";

const log = pino({ level: "silent" });

describe("runBatchedJob", () => {
  it("records a failing batch as a failed run instead of leaving it running", async () => {
    const t = await createTestDb();
    let calls = 0;
    const job = {
      source: "analysis",
      target: "test",
      label: "test job",
      step() {
        calls++;
        if (calls === 2) throw new Error("database is locked");
        return { done: 10, changed: 1, finished: false };
      },
    };
    await expect(runBatchedJob(t.store, job, { log, signal: new AbortController().signal })).rejects.toThrow(
      "database is locked",
    );
    const run = t.database.sqlite
      .prepare("SELECT status, fetched, error FROM collector_runs WHERE target = 'test'")
      .get();
    expect(run).toEqual({ status: "failed", fetched: 10, error: "database is locked" });
    await t.database.close();
  });

  it("runs to the end and records ok, or aborted when stopped", async () => {
    const t = await createTestDb();
    let n = 0;
    const job = {
      source: "analysis",
      target: "count",
      label: "count",
      step: () => ({ done: 1, changed: 0, finished: ++n > 3 }),
    };
    expect(await runBatchedJob(t.store, job, { log, signal: new AbortController().signal })).toBe("done");
    const stopped = new AbortController();
    stopped.abort();
    expect(await runBatchedJob(t.store, job, { log, signal: stopped.signal })).toBe("aborted");
    const runs = t.database.sqlite
      .prepare("SELECT status, fetched FROM collector_runs WHERE target = 'count' ORDER BY id")
      .all();
    expect(runs).toEqual([
      { status: "ok", fetched: 4 },
      { status: "aborted", fetched: 0 },
    ]);
    await t.database.close();
  });
});
