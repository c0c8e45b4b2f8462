import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export interface Eld {
  detect(text: string): { language: string; isReliable(): boolean };
}

/**
 * eld's "medium" n-gram model ships as a 2 MB JavaScript object literal, and V8
 * keeps some 130 MB of parser memory after evaluating it: more than half of an
 * idle server. The same data read with JSON.parse costs a fraction, so the
 * model is converted once, in a short-lived child process, into a JSON file
 * beside node_modules (or in the temp folder) and read from there. Any problem
 * with that path falls back to eld's own module: same results, more memory.
 */
export async function loadEldMedium(): Promise<Eld> {
  try {
    const entry = fileURLToPath(import.meta.resolve("eld/medium")); // …/eld/src/entries/static.medium.js
    const src = dirname(dirname(entry));
    const version = (JSON.parse(readFileSync(join(src, "../package.json"), "utf8")) as { version: string })
      .version;
    const cache = cachedModel(
      join(src, "ngrams/medium.js"),
      `eld-medium-${version}.json`,
      join(src, "../.."),
    );
    const { createEld } = (await import(pathToFileURL(join(src, "languageDetector.js")).href)) as {
      createEld(): { instance: Eld; loadData(data: unknown): boolean };
    };
    const { instance, loadData } = createEld();
    if (loadData(JSON.parse(readFileSync(cache, "utf8")))) return instance;
  } catch {
    // eld's layout changed or nothing is writable: use the module as shipped
  }
  const { eld } = (await import("eld/medium")) as unknown as { eld: Eld };
  return eld;
}

function cachedModel(moduleFile: string, name: string, nodeModules: string): string {
  for (const dir of [join(nodeModules, ".cache/resonanz"), join(tmpdir(), "resonanz-cache")]) {
    const file = join(dir, name);
    if (existsSync(file)) return file;
    try {
      mkdirSync(dir, { recursive: true });
      // Written under a temporary name and renamed: a second process starting meanwhile never reads half a file.
      const script = `import { ngramsData } from ${JSON.stringify(pathToFileURL(moduleFile).href)};
        import { renameSync, writeFileSync } from "node:fs";
        const tmp = ${JSON.stringify(file)} + "." + process.pid;
        writeFileSync(tmp, JSON.stringify(ngramsData));
        renameSync(tmp, ${JSON.stringify(file)});`;
      execFileSync(process.execPath, ["--input-type=module", "-e", script], {
        stdio: "ignore",
        timeout: 60_000,
        env: { PATH: process.env.PATH ?? "" },
      });
      if (existsSync(file)) return file;
    } catch {
      // try the next folder
    }
  }
  throw new Error("no writable folder for the language model cache");
}
