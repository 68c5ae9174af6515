// The use cases' refusals, one class per kind. Each carries the Japanese message the person sees and the
// extension members the answer carries (`code`, `errors`, ids); the API maps the kind to its problem
// type once (functions/api/handler-factory.ts), the cycle's handler factory to the state machine's error name
// once (functions/shared/handler.ts). Nothing here knows HTTP or Step Functions.

export type ErrorKind =
  | 'invalid-input'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'not-waiting'
  | 'unprocessable'
  | 'unavailable';

export type Extra = Record<string, unknown>;

export abstract class AppError extends Error {
  abstract readonly kind: ErrorKind;
  /** The message people see; undefined leaves the answer with its title only. */
  readonly detail: string | undefined;
  constructor(
    detail?: string,
    readonly extra: Extra = {},
  ) {
    super(detail ?? '');
    this.detail = detail;
  }
}

/** The input breaks a rule the schema cannot state (dates of another month, a bad cursor, a bad sheet). */
export class InvalidInput extends AppError {
  readonly kind = 'invalid-input';
  override name = 'InvalidInput';
}

/** The caller may see the subject but not do this to it (a 一次 outside its chain). */
export class Forbidden extends AppError {
  readonly kind = 'forbidden';
  override name = 'Forbidden';
}

export class NotFound extends AppError {
  readonly kind = 'not-found';
  override name = 'NotFound';
}

/** Not now: the month's state refuses it (charged, applied, reported, held by another). */
export class Conflict extends AppError {
  readonly kind = 'conflict';
  override name = 'Conflict';
}

/** The decision is recorded but nothing waits for it now (the cycle finds it at its next wait). */
export class NotWaiting extends AppError {
  readonly kind = 'not-waiting';
  override name = 'NotWaiting';
}

/** Well-formed but not applicable to this month (a company not in the chain, a number already known). */
export class Unprocessable extends AppError {
  readonly kind = 'unprocessable';
  override name = 'Unprocessable';
}

/** A resource the use case needs is not there (no inbox configured): try later or call the operators. */
export class Unavailable extends AppError {
  readonly kind = 'unavailable';
  override name = 'Unavailable';
}

export type ActionRefusal = 'no-import' | 'not-ready' | 'not-first-tier' | 'refused-transition';

/** A person's action on the month refused by the month's state (the lifecycle model or the import). */
export class ActionRefused extends AppError {
  readonly kind: ErrorKind;
  override name = 'ActionRefused';
  constructor(
    readonly code: ActionRefusal,
    message: string,
  ) {
    super(message, { code });
    // Naming a company that is not a 一次 of the month is a wrong input, not a wrong moment.
    this.kind = code === 'not-first-tier' ? 'unprocessable' : 'conflict';
  }
}

/** This run's import is no longer the month's current one: the run ends in Superseded, quietly. */
export class SupersededError extends Conflict {
  override name = 'Superseded';
  constructor(siteId: string, workMonth: string, importId: string) {
    super(`import ${importId} of ${siteId} ${workMonth} is no longer the month's current import`);
  }
}

/** The debit step found no approved application for its import. */
export class NotApprovedError extends Conflict {
  override name = 'NotApproved';
}
