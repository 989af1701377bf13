/**
 * The PostgreSQL store behind Prisma: `@prisma/adapter-pg` on a `pg` pool, selected by DATABASE_URL=postgresql://….
 *
 * Concurrency across processes (several hcinet instances on one database): every write transaction opened through
 * `lib/db/tx.ts` first takes transaction-scoped advisory locks, waiting at most `lock_timeout`. Writes that span
 * networks (network create/update/delete: the overlap rule) take the global key EXCLUSIVE; writes inside one network
 * (cluster create/change/delete, node pools, applies and deletes of objects) take the global key SHARED plus the
 * network's key EXCLUSIVE, and admitting more VMs also takes the deployment-VM key (the 200-VM limit spans networks).
 * So every pool (node IPs and VIPs of a network; ClusterIPs, NodePorts and pod CIDRs of its clusters) has exactly
 * one writer at a time, and "read what is taken, pick the lowest free, insert" stays exact, while writers of
 * different networks run in parallel. Reads never wait (MVCC). The locks are released by COMMIT or ROLLBACK, also
 * when the connection dies. A writer that cannot get a lock within the timeout fails with 55P03 → 503 + Retry-After
 * (faults.ts). The UNIQUE constraints of the schema stay the final guard on both stores.
 *
 * Also works around prisma/orm#27403 (adapter-pg 6.19 cannot read columns of PostgreSQL's `name` type, which the
 * schema engine's catalogue queries return, so `prisma migrate` fails): `name` and `"char"` columns are read as text.
 */
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";

/** A fixed 64-bit key for hcinet's global write lock ("hcinet" in ASCII). */
export const WRITE_LOCK_KEY = 0x6863696e6574n.toString();
/** The first half of a network's lock key (pg_advisory_xact_lock(int4, int4): class "hcnt", network id). */
export const NETWORK_LOCK_CLASS = 0x68636e74;
/** The key guarding the deployment-wide VM count (class "hcvm", 0). */
export const DEPLOYMENT_VMS_LOCK = [0x6863766d, 0] as const;
export const DEFAULT_LOCK_TIMEOUT_MS = 30_000; // like the SQLite store's wait for its writer turn (tx.ts maxWait)

export function lockTimeoutFromEnv(): number {
  const v = Number(process.env.HCINET_DB_LOCK_TIMEOUT_MS);
  return Number.isFinite(v) && v > 0 ? v : DEFAULT_LOCK_TIMEOUT_MS;
}

const TEXT_OID = 25;
const TEXT_ARRAY_OID = 1009;
/** catalogue types the adapter cannot read: "char" (18), name (19), regproc (24); and their arrays */
const AS_TEXT = new Set([18, 19, 24]);
const AS_TEXT_ARRAY = new Set([1002, 1003, 1008]);

type PerformIO = (q: unknown) => Promise<{ fields: { dataTypeID: number }[] }>;
let patched = false;

/** Read `name` columns as text (prisma/orm#27403). Patches the adapter's queryable class once per process. */
async function patchNameType(factory: PrismaPg): Promise<void> {
  if (patched) return;
  const adapter = await factory.connect();
  let proto = Object.getPrototypeOf(adapter) as Record<string, unknown> | null;
  while (proto && !Object.hasOwn(proto, "performIO")) proto = Object.getPrototypeOf(proto);
  if (proto) {
    const original = proto.performIO as PerformIO;
    proto.performIO = async function (this: unknown, q: unknown) {
      const r = await original.call(this, q);
      for (const f of r.fields ?? []) {
        if (AS_TEXT.has(f.dataTypeID)) f.dataTypeID = TEXT_OID;
        else if (AS_TEXT_ARRAY.has(f.dataTypeID)) f.dataTypeID = TEXT_ARRAY_OID;
      }
      return r;
    };
    patched = true;
  }
  await adapter.dispose();
}

export interface PgStoreOptions {
  /** connections per instance (pg pool size) */
  max?: number;
}

/** The factory Prisma uses for PostgreSQL; `connect()` applies the `name` workaround first. */
export class PgFactory extends PrismaPg {
  readonly kind = "postgresql" as const;
  private readonly poolConfig: pg.PoolConfig;
  constructor(url: string, options: PgStoreOptions = {}) {
    const max = options.max ?? (Number(process.env.HCINET_DB_POOL_MAX) || 10);
    const config: pg.PoolConfig = { connectionString: url, max, connectionTimeoutMillis: 10_000 };
    super(config);
    this.poolConfig = config;
  }
  override async connect() {
    await patchNameType(new PrismaPg(this.poolConfig));
    return super.connect();
  }
  /**
   * A throw-away database on the same server for `prisma migrate diff --from-migrations` (the stock one passes
   * `database` next to `connectionString`, which pg ignores, and so replays the migrations into the real database).
   */
  override async connectToShadowDb() {
    await patchNameType(new PrismaPg(this.poolConfig));
    const url = new URL(this.poolConfig.connectionString!);
    const name = `hcinet_shadow_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: this.poolConfig.connectionString });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    url.pathname = `/${name}`;
    const adapter = await new PrismaPg({ connectionString: url.toString(), max: 1 }).connect();
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
      } finally {
        await admin.end();
      }
    };
    return adapter;
  }
}
