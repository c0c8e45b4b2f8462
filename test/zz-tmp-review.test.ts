import pino from "pino";
import { it } from "vitest";
import { createApp } from "/work/main/server/app.ts";
import { CAMPAIGNS, createTestDb } from "/work/main/test/helpers/db.ts";
it("wide timeline", async () => {
  const t = await createTestDb();
  const app = createApp({ db: t.database.db, campaigns: CAMPAIGNS, version: "x", now: () => new Date(), log: pino({ level: "silent" }) });
  for (const q of ["from=2000-01-01&to=2009-12-31&bucket=hour", "from=0001-01-01&to=9999-12-31&bucket=day"]) {
    const t0 = Date.now();
    const res = await app.request(`/api/timeline?${q}`);
    const body = await res.text();
    console.log(q, res.status, body.length, Date.now() - t0, "ms", process.memoryUsage().heapUsed >> 20, "MB");
  }
}, 600000);
