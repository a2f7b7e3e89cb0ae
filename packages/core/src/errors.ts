/**
 * Errors that cross the HTTP boundary. The hub turns any `JunctionError` into
 * `{requestId, message[, providerMessage]}` with its status; anything else is a 500 whose
 * details stay in the log.
 */
export class JunctionError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly providerMessage?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequestError extends JunctionError {
  constructor(message: string, providerMessage?: string) {
    super(400, message, providerMessage);
  }
}

export class UnauthorizedError extends JunctionError {
  constructor(message = 'Unauthorized: an invalid element token, user secret or organization secret was provided') {
    super(401, message);
  }
}

export class ForbiddenError extends JunctionError {
  constructor(message: string) {
    super(403, message);
  }
}

/** Messages follow `No <thing> found`, which Cloud Elements clients read as "empty result". */
export class NotFoundError extends JunctionError {
  constructor(thing: string, providerMessage?: string) {
    super(404, `No ${thing} found`, providerMessage);
  }
}

export class ConflictError extends JunctionError {
  constructor(message: string, providerMessage?: string) {
    super(409, message, providerMessage);
  }
}

/** A vendor answered with an error; `providerMessage` keeps the vendor's own words. */
export class VendorError extends JunctionError {
  constructor(
    status: number,
    message: string,
    providerMessage: string | undefined,
    readonly vendorStatus: number,
  ) {
    super(status, message, providerMessage);
  }
}
