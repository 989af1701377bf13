/**
 * Store faults → domain errors. The database answers "busy", "full", "read-only" or "I/O error" in its own words
 * (SQLite result codes, carried through Prisma's driver-adapter error); this maps them to AppErrors the route wrapper
 * turns into 503 + Retry-After (busy, read-only, I/O) or 507 (disk full). A transaction that could not start within
 * its wait (every writer queued behind a long one) is "busy" too.
 */
import { AppError } from "../errors";

export type StoreFaultKind = "busy" | "full" | "read_only" | "io" | "cancelled" | "deadline";

export class StoreFault extends AppError {
  constructor(
    readonly kind: StoreFaultKind,
    status: number,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(status, `store_${kind}`, message);
    this.name = "StoreFault";
  }
}

const PATTERNS: { kind: StoreFaultKind; re: RegExp }[] = [
  // PostgreSQL: 55P03 lock_not_available (lock_timeout), 40001 serialization failure, 40P01 deadlock, 57014 statement timeout, 53300 too many connections;
  // pg-pool: no free connection within connectionTimeoutMillis
  { kind: "busy", re: /\b55P03\b|\b40001\b|\b40P01\b|\b57014\b|\b53300\b|lock timeout|could not serialize access|deadlock detected|TooManyConnections|SQLITE_BUSY|SQLITE_LOCKED|database is locked|database table is locked|SocketTimeout|Unable to start a transaction in the given time|P2028|P1008|timeout exceeded when trying to connect/i },
  { kind: "full", re: /\b53100\b|could not extend file|SQLITE_FULL|database or disk is full|ENOSPC/i },
  { kind: "read_only", re: /\b25006\b|read-only transaction|SQLITE_READONLY|readonly database|read-only|SQLITE_CANTOPEN|unable to open database|SQLITE_PERM|EROFS|EACCES/i },
  { kind: "io", re: /SQLITE_IOERR|disk I\/O error|SQLITE_CORRUPT|SQLITE_NOTADB/i },
];

/** Every string (code, originalCode, message, kind) reachable from the error, its cause and Prisma's meta. */
function texts(e: unknown, depth = 0, out: string[] = []): string[] {
  if (e == null || depth > 5) return out;
  if (typeof e === "string") {
    out.push(e);
    return out;
  }
  if (typeof e !== "object") return out;
  const o = e as Record<string, unknown>;
  for (const k of ["code", "originalCode", "kind", "message", "originalMessage"]) if (typeof o[k] === "string") out.push(o[k] as string);
  for (const k of ["cause", "meta", "driverAdapterError"]) if (o[k] && typeof o[k] === "object") texts(o[k], depth + 1, out);
  return out;
}

export function classifyStoreError(e: unknown): StoreFault | null {
  if (e instanceof StoreFault) return e;
  if (e instanceof AppError) return null;
  const all = texts(e).join("\n");
  for (const { kind, re } of PATTERNS) {
    if (!re.test(all)) continue;
    switch (kind) {
      case "busy":
        return new StoreFault("busy", 503, "the database is busy (another writer holds its lock); nothing was changed, retry shortly", 1);
      case "full":
        return new StoreFault("full", 507, "the database disk is full; nothing was changed — free space on the server, then retry");
      case "read_only":
        return new StoreFault("read_only", 503, "the database cannot be written (read-only file or folder); nothing was changed", 5);
      case "io":
        return new StoreFault("io", 503, "the database reported an I/O error; nothing was changed, retry shortly", 5);
      default:
        return null;
    }
  }
  return null;
}
