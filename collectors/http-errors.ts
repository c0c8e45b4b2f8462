/** Typed failures of the shared HTTP policy, so callers can tell what went wrong without parsing text. */
export class HttpError extends Error {
  override name = "HttpError";
  constructor(
    readonly status: number,
    readonly url: string,
    message?: string,
    /** The start of the answer's body, for callers that read an API's error name from it. */
    readonly body: string = "",
  ) {
    super(message ?? `HTTP ${status} from ${url}`);
  }
}

export class TimeoutError extends Error {
  override name = "TimeoutError";
  constructor(
    readonly url: string,
    readonly timeoutMs: number,
  ) {
    super(`no answer from ${url} within ${timeoutMs} ms`);
  }
}

export class NetworkError extends Error {
  override name = "NetworkError";
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(
      `cannot reach ${url}: ${cause instanceof Error ? ((cause.cause as Error | undefined)?.message ?? cause.message) : String(cause)}`,
      {
        cause,
      },
    );
  }
}

/** The server asked us to wait longer than the policy allows, or kept refusing after every retry. */
export class RateLimitError extends Error {
  override name = "RateLimitError";
  constructor(
    readonly url: string,
    readonly waitMs: number | null,
  ) {
    super(
      waitMs === null
        ? `rate limited by ${url}, retries exhausted`
        : `rate limited by ${url}: reset in ${Math.round(waitMs / 1000)} s exceeds the allowed wait`,
    );
  }
}

/** The answer was larger than the policy allows; it was not read to the end. */
export class ResponseTooLargeError extends Error {
  override name = "ResponseTooLargeError";
  constructor(
    readonly url: string,
    readonly maxBytes: number,
  ) {
    super(`answer from ${url} is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB`);
  }
}

/** The run was stopped (shutdown): not a failure of the source. */
export class AbortedError extends Error {
  override name = "AbortedError";
  constructor() {
    super("aborted");
  }
}
