import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import { hashPassword } from "../access/password.ts";
import { UsageError } from "./usage-error.ts";

export const MIN_PASSWORD_LENGTH = 8;

/**
 * `npm run hash-password`: reads a password from stdin (a terminal gets a
 * prompt and no echo; a pipe is read to its end, one trailing newline
 * dropped) and prints `scrypt$N$r$p$salt$hash` for RESONANZ_ADMIN_PASSWORD_HASH
 * or RESONANZ_VIEWER_PASSWORD_HASH. The password is never printed or logged.
 */
export async function hashPasswordCommand(
  input: NodeJS.ReadableStream & { isTTY?: boolean },
  out: (line: string) => void,
  prompt: (text: string) => void = (t) => process.stderr.write(t),
): Promise<number> {
  const password = input.isTTY ? await readHidden(input, prompt) : await readAll(input);
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new UsageError(`the password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  out(await hashPassword(password));
  return 0;
}

async function readAll(input: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

function readHidden(input: NodeJS.ReadableStream, prompt: (text: string) => void): Promise<string> {
  prompt("Passwort / password: ");
  // Swallow the echo: readline writes what is typed to its output.
  const silent = new Writable({ write: (_chunk, _enc, done) => done() });
  const rl = createInterface({ input, output: silent, terminal: true });
  return new Promise((resolve) => {
    rl.question("", (answer) => {
      rl.close();
      prompt("\n");
      resolve(answer);
    });
  });
}
