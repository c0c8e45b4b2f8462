import { describe, expect, it } from "vitest";
import { ingestAhead } from "../../collectors/ingest-ahead.ts";
import type { AnalysisAhead, NormalizedPost } from "../../collectors/types.ts";
import { makePost } from "../helpers/db.ts";

const batches = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `b${i}`, posts: [makePost()] }));

/** An analysis thread that answers only when told to, and writes down what happens. */
function recordingAhead(log: string[], names: Map<readonly NormalizedPost[], string>) {
  const answers: (() => void)[] = [];
  const ahead: AnalysisAhead = {
    prepare(posts) {
      const name = names.get(posts) ?? "?";
      log.push(`prepare ${name}`);
      return new Promise<void>((resolve) =>
        answers.push(() => {
          log.push(`ready ${name}`);
          resolve();
        }),
      );
    },
    close: async () => {},
  };
  return { ahead, answerNext: () => answers.shift()?.() };
}

describe("ingestAhead", () => {
  it("hands the next batch to the thread before storing this one, and stores each only once it is ready", async () => {
    const list = batches(3);
    const log: string[] = [];
    const { ahead, answerNext } = recordingAhead(log, new Map(list.map((b) => [b.posts, b.name])));
    const done = ingestAhead(list, ahead, async (b) => {
      log.push(`store ${b.name}`);
    });
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 5));
      answerNext();
    }
    await done;
    expect(log).toEqual([
      "prepare b0",
      "prepare b1",
      "ready b0",
      "store b0",
      "prepare b2",
      "ready b1",
      "store b1",
      "ready b2",
      "store b2",
    ]);
  });

  it.each([0, 1, 4])("without a thread stores %i batches in order", async (n) => {
    const stored: string[] = [];
    await ingestAhead(batches(n), null, async (b, i) => {
      stored.push(`${i}:${b.name}`);
    });
    expect(stored).toEqual(batches(n).map((b, i) => `${i}:${b.name}`));
  });

  it("stops at a batch that fails to store, and passes the error on", async () => {
    const stored: number[] = [];
    const run = ingestAhead(batches(3), null, async (_b, i) => {
      if (i === 1) throw new Error("disk full");
      stored.push(i);
    });
    await expect(run).rejects.toThrow("disk full");
    expect(stored).toEqual([0]);
  });
});
