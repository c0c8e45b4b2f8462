import pino from "pino";
import { describe, expect, it } from "vitest";
import { createScheduler } from "../../server/scheduler.ts";

const log = pino({ level: "silent" });

describe("scheduler", () => {
  it("runs a job on its cron schedule in Europe/Berlin", async () => {
    let runs = 0;
    const s = createScheduler([{ name: "tick", schedule: "* * * * * *", run: async () => void runs++ }], {
      timezone: "Europe/Berlin",
      log,
    });
    s.start();
    await new Promise((r) => setTimeout(r, 2300));
    await s.stop();
    expect(runs).toBeGreaterThanOrEqual(1);
    const after = runs;
    await new Promise((r) => setTimeout(r, 1200));
    expect(runs).toBe(after); // stopped means stopped
  });

  it("never overlaps a job with itself", async () => {
    let concurrent = 0;
    let maxConcurrent = 0;
    let runs = 0;
    const s = createScheduler(
      [
        {
          name: "slow",
          schedule: "0 0 1 1 *",
          run: async () => {
            runs++;
            concurrent++;
            maxConcurrent = Math.max(maxConcurrent, concurrent);
            await new Promise((r) => setTimeout(r, 50));
            concurrent--;
          },
        },
      ],
      { timezone: "Europe/Berlin", log },
    );
    await Promise.all([s.runNow("slow"), s.runNow("slow"), s.runNow("slow")]);
    expect({ runs, maxConcurrent }).toEqual({ runs: 1, maxConcurrent: 1 });
    await s.stop();
  });

  it("catches a failing job: the scheduler and the next run carry on", async () => {
    let runs = 0;
    const s = createScheduler(
      [
        {
          name: "flaky",
          schedule: "0 0 1 1 *",
          run: async () => {
            runs++;
            throw new Error("boom");
          },
        },
      ],
      { timezone: "Europe/Berlin", log },
    );
    await expect(s.runNow("flaky")).resolves.toBeUndefined();
    await expect(s.runNow("flaky")).resolves.toBeUndefined();
    expect(runs).toBe(2);
    await s.stop();
  });

  it("stop() aborts the running job through its signal and waits for it to wind down", async () => {
    const events: string[] = [];
    const s = createScheduler(
      [
        {
          name: "long",
          schedule: "0 0 1 1 *",
          run: (signal) =>
            new Promise<void>((resolve) => {
              events.push("started");
              signal.addEventListener("abort", () =>
                setTimeout(() => {
                  events.push("cleaned up");
                  resolve();
                }, 30),
              );
            }),
        },
      ],
      { timezone: "Europe/Berlin", log },
    );
    void s.runNow("long");
    await s.stop();
    events.push("stopped");
    expect(events).toEqual(["started", "cleaned up", "stopped"]);
  });

  it("refuses an invalid cron expression and an unknown job", async () => {
    const s = createScheduler([{ name: "x", schedule: "every minute", run: async () => {} }], {
      timezone: "Europe/Berlin",
      log,
    });
    expect(() => s.start()).toThrow("invalid cron expression 'every minute'");
    await expect(s.runNow("nope")).rejects.toThrow("no job named nope");
  });
});

describe("continuous jobs", () => {
  it("run back to back until stop(), which aborts the running one", async () => {
    let runs = 0;
    const s = createScheduler(
      [
        {
          name: "stream",
          schedule: "0 0 1 1 *",
          continuous: true,
          run: (signal) =>
            new Promise<void>((resolve) => {
              runs++;
              const t = setTimeout(resolve, 30);
              signal.addEventListener("abort", () => {
                clearTimeout(t);
                resolve();
              });
            }),
        },
      ],
      { timezone: "Europe/Berlin", log },
    );
    s.start();
    await new Promise((r) => setTimeout(r, 1300)); // one 30 ms run, a 1 s pause, the next run
    await s.stop();
    expect(runs).toBeGreaterThanOrEqual(2);
    const after = runs;
    await new Promise((r) => setTimeout(r, 1200));
    expect(runs).toBe(after);
  });
});
