import cron, { type ScheduledTask } from "node-cron";
import type { Logger } from "pino";
import { abortableSleep } from "../collectors/http.ts";

export interface Job {
  name: string;
  /** Cron expression, evaluated in `timezone`. */
  schedule: string;
  run: (signal: AbortSignal) => Promise<unknown>;
  /** Run back to back (a stream that stays connected) instead of on the schedule. */
  continuous?: boolean;
}

/** Pause between two runs of a continuous job; a failing stream does not spin. */
const CONTINUOUS_PAUSE_MS = 1000;

export interface Scheduler {
  start(): void;
  /** Runs a job now (unless it is already running), as the schedule would. */
  runNow(name: string): Promise<void>;
  /** Stops all schedules, aborts running jobs and waits for them to wind down. */
  stop(): Promise<void>;
}

/**
 * A table of jobs on node-cron: no job overlaps itself, every run is caught
 * and logged (collectors record their own run rows), and stop() aborts what
 * is running through an AbortSignal and waits for it.
 */
export function createScheduler(jobs: readonly Job[], opts: { timezone: string; log: Logger }): Scheduler {
  const controller = new AbortController();
  const running = new Map<string, Promise<void>>();
  const tasks: ScheduledTask[] = [];

  function execute(job: Job): Promise<void> {
    const busy = running.get(job.name);
    if (busy) {
      opts.log.info({ job: job.name }, "job still running, skipped");
      return busy;
    }
    const p = (async () => {
      const started = Date.now();
      try {
        await job.run(controller.signal);
        opts.log.info({ job: job.name, ms: Date.now() - started }, "job finished");
      } catch (err) {
        opts.log.error({ job: job.name, err }, "job failed");
      } finally {
        running.delete(job.name);
      }
    })();
    running.set(job.name, p);
    return p;
  }

  return {
    start() {
      for (const job of jobs.filter((j) => j.continuous)) {
        void (async () => {
          let pause = CONTINUOUS_PAUSE_MS;
          while (!controller.signal.aborted) {
            const started = Date.now();
            await execute(job);
            // Runs that end at once (the stream refuses us) back off: 1 s, 2 s, 4 s … up to
            // five minutes; a run that lasted resets the pause.
            const quick = Date.now() - started < 10_000;
            if (!quick) pause = CONTINUOUS_PAUSE_MS;
            await abortableSleep(pause, controller.signal).catch(() => {});
            if (quick) pause = Math.min(pause * 2, 300_000);
          }
        })();
      }
      for (const job of jobs.filter((j) => !j.continuous)) {
        if (!cron.validate(job.schedule))
          throw new Error(`job ${job.name}: invalid cron expression '${job.schedule}'`);
        tasks.push(
          cron.schedule(job.schedule, () => execute(job), {
            name: job.name,
            timezone: opts.timezone,
            noOverlap: true,
          }),
        );
      }
    },
    runNow(name) {
      const job = jobs.find((j) => j.name === name);
      if (!job) return Promise.reject(new Error(`no job named ${name}`));
      return execute(job);
    },
    async stop() {
      for (const t of tasks) await t.destroy();
      controller.abort();
      await Promise.allSettled(running.values());
    },
  };
}
