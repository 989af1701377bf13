/**
 * Domain errors. Every error the API answers carries a stable code, a message and (for validation) the field paths.
 * The HTTP layer (lib/api/handler.ts) maps them to status codes; the CLI maps them to exit codes.
 */
export interface FieldError {
  path: string;
  message: string;
  /** for YAML input: 1-based document index and line */
  document?: number;
  line?: number;
  /** stable code of the rule (lib/i18n/problems.ts) and the values its text is filled with: the UI translates it */
  code?: string;
  vars?: Record<string, string | number>;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

/** 400: the request itself is malformed (not JSON, wrong shape). */
export const badRequest = (message: string, fields: FieldError[] = []) => new AppError(400, "bad_request", message, fields);
/** 422: well-formed, but breaks a domain rule (overlapping pools, bad gateway, invalid manifest…). */
export const unprocessable = (message: string, fields: FieldError[] = [], details?: Record<string, unknown>) =>
  new AppError(422, "validation_failed", message, fields, details);
/** `details` carries `{kind, name}` so the UI can say it in the user's language (lib/i18n/api-errors.ts). */
export const notFound = (what: string, name: string) => new AppError(404, "not_found", `${what} "${name}" not found`, [], { kind: what, name });
/** 409: conflicts with the current state (name taken, pool exhausted, still in use). */
export const conflict = (code: string, message: string, details?: Record<string, unknown>, fields: FieldError[] = []) =>
  new AppError(409, code, message, fields, details);
export const payloadTooLarge = (limit: number) =>
  new AppError(413, "payload_too_large", `request body exceeds the limit of ${limit} bytes`, [], { limit });
