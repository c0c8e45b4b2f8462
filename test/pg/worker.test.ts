import pino from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { leaderLockKey } from "../../data/pg/leader-lock.ts";
import { COLLECTOR_LOCK, runWorker, type WorkerState } from "../../server/commands/worker.ts";
import { parseConfig } from "../../server/config.ts";
import { openPgRuntime, type PgRuntime } from "../../server/pg-runtime.ts";
import { clusterwocheStatuses, type FakeInstance, startFakeMastodon } from "../helpers/fake-mastodon.ts";
import { describePg, usePgDatabase } from "../helpers/postgres.ts";

const log = pino({ level: process.env.WORKER_TEST_LOG ?? "silent" });

async function until(ok: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** One `resonanz worker` process, in this one: its runtime, its states so far, and a stop. */
interface Worker {
  rt: PgRuntime;
  states: WorkerState[];
  stop: AbortController;
  done: Promise<void>;
}

describePg("resonanz worker on PostgreSQL", () => {
  const t = usePgDatabase();
  let mastodon: FakeInstance;
  const workers: Worker[] = [];

  beforeAll(async () => {
    mastodon = await startFakeMastodon();
    mastodon.statuses.push(...clusterwocheStatuses(mastodon, 30));
  });
  afterAll(async () => {
    for (const w of workers) {
      w.stop.abort();
      await w.done.catch(() => {});
      await w.rt.close();
    }
    await mastodon?.close();
  });

  async function startWorker(name: string): Promise<Worker> {
    const config = parseConfig(
      {
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
      },
      "test",
    );
    const rt = await openPgRuntime(config, t.database.url, log, {
      applicationName: `resonanz worker ${name}`,
    });
    const states: WorkerState[] = [];
    const stop = new AbortController();
    const done = runWorker(rt, {
      env: {},
      signal: stop.signal,
      retryMs: 100,
      heartbeatMs: 1000,
      onState: (s) => states.push(s),
    });
    const w = { rt, states, stop, done };
    workers.push(w);
    return w;
  }

  const postsIn = async (rt: PgRuntime) =>
    (
      await rt.db
        .selectFrom("posts")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n;

  it("collects while it holds the lock; a second worker waits, and takes over when the first loses it", async () => {
    const a = await startWorker("A");
    await until(() => a.states.includes("leading"), "worker A to lead");
    // A collects at once: the fake instance's posts arrive in PostgreSQL, with their rollups.
    await until(async () => (await postsIn(a.rt)) === 30, "30 posts");
    await until(
      async () =>
        (
          await a.rt.db
            .selectFrom("collector_runs")
            .select("status")
            .where("source", "=", "mastodon")
            .execute()
        ).some((r) => r.status === "ok"),
      "a finished run",
    );
    const hours = await a.rt.db
      .selectFrom("rollup_hours")
      .select((eb) => eb.fn.sum<number>("posts").as("n"))
      .where("scope", "=", "")
      .executeTakeFirstOrThrow();
    expect(hours.n).toBe(30);

    const b = await startWorker("B");
    await until(() => b.states.includes("waiting"), "worker B to wait");
    await new Promise((r) => setTimeout(r, 300));
    expect(b.states).not.toContain("leading");

    // The server ends A's lock session (a restart, a cut network): A stops collecting, B takes over.
    const key = leaderLockKey(COLLECTOR_LOCK);
    await a.rt.pool.query(
      `SELECT pg_terminate_backend(l.pid) FROM pg_locks l
       WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
         AND l.classid::bigint = (($1::bigint >> 32) & 4294967295) AND l.objid::bigint = ($1::bigint & 4294967295)
         AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      [key],
    );
    await until(() => a.states.includes("lost"), "worker A to notice the loss");
    a.stop.abort(); // (a real worker would wait for the lock again)
    await a.done;
    expect(a.states.at(-1)).toBe("stopped");
    await until(() => b.states.includes("leading"), "worker B to take over");

    // Collecting again stores nothing twice.
    b.stop.abort();
    await b.done;
    expect(await postsIn(b.rt)).toBe(30);
  }, 60_000);

  it("stops cleanly when stopped at once, even while it is taking the lock", async () => {
    const c = await startWorker("C");
    c.stop.abort();
    await c.done;
    expect(c.states.at(-1)).toBe("stopped");
    // Nothing left held: the lock is free for the next one.
    const d = await startWorker("D");
    await until(() => d.states.includes("leading"), "worker D to lead");
    d.stop.abort();
    await d.done;
  }, 30_000);
});
