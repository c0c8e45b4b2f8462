/**
 * The error taxonomy shared by every layer. The HTTP app maps these to status
 * codes in one place; anything else is a 500 with a generic message.
 */
export class ResonanzError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * Bad input from a user: a filter, a query parameter, an upload. `param` names
 * the offending query parameter (as the route that parsed it calls it), so a
 * page can point at the field without parsing the English message.
 */
export class ValidationError extends ResonanzError {
  constructor(
    message: string,
    readonly param?: string,
  ) {
    super(message, 400, "bad_request");
  }
}

export class NotFoundError extends ResonanzError {
  constructor(message: string) {
    super(message, 404, "not_found");
  }
}
