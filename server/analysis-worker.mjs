// The analysis thread's entry (analysis-ahead.ts). Plain JavaScript because a
// worker thread on Node 20 does not inherit the main thread's TypeScript loader
// (`node --import tsx`), nor Vitest's: tsx loads the TypeScript side here.
import { tsImport } from "tsx/esm/api";

await tsImport("./analysis-worker.ts", import.meta.url);
