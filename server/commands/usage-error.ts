/** The user asked for something the command cannot do as asked: exit 2 with the message, no stack. */
export class UsageError extends Error {
  override name = "UsageError";
}
