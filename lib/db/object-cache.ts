/**
 * Parsed stored objects kept in memory per cluster (and kind list), refreshed incrementally: each call reads only the
 * rows' heads (`id`, `resourceVersion`, `updatedAt`, in the store's own kind/namespace/name order, as loadObjects
 * returns them) and fetches and parses the bodies of the rows that are new or changed since the last call; rows gone
 * from the store drop out. Every write to an object bumps its resourceVersion or updatedAt (objects.ts, both
 * paths), so the result always equals a fresh {@link loadObjects} — also after another process changed the store:
 * nothing is trusted without the heads read on every call.
 *
 * The returned objects are shared by every caller and every later call: treat them as read-only (build snapshots
 * from them with `copy: "shallow"`). Under vitest they are deep-frozen, so a mutation anywhere fails a test.
 * What it saves at 10,000 pods (bench:topology-api): reading ~15,000 bodies and JSON.parse of them on every change.
 */
import type { Db } from "./client";
import { Sql } from "./sql";
import type { KubeObject } from "../kube/types";

interface Row {
  rv: number;
  at: string;
  obj: KubeObject;
}
interface Entry {
  rows: Map<number, Row>;
}

/** cluster id + kind list → rows; least recently used first. Whole clusters (big) and kind lists (the VIP check reads
 * every cluster's Services on each rebuild, so those stay for many clusters) are bounded apart. */
const cache = new Map<string, Entry>();
const WHOLE_CLUSTERS_CACHED = 4;
const KIND_LISTS_CACHED = 64;
/** ids per `IN (…)` when fetching changed bodies (under both stores' parameter limits) */
const IDS_PER_FETCH = 500;
const FREEZE = !!process.env.VITEST;

function deepFreeze<T>(v: T): T {
  if (v && typeof v === "object" && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v as object)) deepFreeze(x);
  }
  return v;
}

const stamp = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v));

export interface CachedObjectsStats {
  /** rows in the store (the result's length) */
  rows: number;
  /** bodies fetched and parsed by this call */
  fetched: number;
}

/** The parsed objects of a cluster (only `kinds` when given), ordered by kind, namespace, name; see the header. */
export async function cachedObjects(db: Db, clusterId: number, kinds?: string[], stats?: CachedObjectsStats): Promise<KubeObject[]> {
  if (kinds && kinds.length === 0) return [];
  const sql = Sql.of(db);
  const key = `${clusterId}\n${kinds ? [...kinds].sort().join(",") : "*"}`;
  const kindSql = kinds ? ` AND "kind" IN (${kinds.map(() => "?").join(", ")})` : "";
  const heads = await sql.query<{ id: number | bigint; resourceVersion: number | bigint; updatedAt: unknown }>(
    db,
    `SELECT "id", "resourceVersion", "updatedAt" FROM "KubeObject" WHERE "clusterId" = ?${kindSql} ORDER BY "kind", "namespace", "name"`,
    [clusterId, ...(kinds ?? [])],
  );
  const prev = cache.get(key);
  cache.delete(key);
  const rows = new Map<number, Row>();
  const stale: number[] = [];
  for (const h of heads) {
    const id = Number(h.id);
    const p = prev?.rows.get(id);
    if (p && p.rv === Number(h.resourceVersion) && p.at === stamp(h.updatedAt)) rows.set(id, p);
    else stale.push(id);
  }
  type BodyRow = { id: number | bigint; resourceVersion: number | bigint; updatedAt: unknown; body: string };
  const fetches: (() => Promise<BodyRow[]>)[] = [];
  if (stale.length > heads.length / 4) {
    // most rows changed (a first read; a scale re-places most pods): one statement for the whole cluster
    fetches.push(() => sql.query<BodyRow>(db, `SELECT "id", "resourceVersion", "updatedAt", "body" FROM "KubeObject" WHERE "clusterId" = ?${kindSql}`, [clusterId, ...(kinds ?? [])]));
  } else {
    for (let i = 0; i < stale.length; i += IDS_PER_FETCH) {
      const ids = stale.slice(i, i + IDS_PER_FETCH);
      fetches.push(() => sql.query<BodyRow>(db, `SELECT "id", "resourceVersion", "updatedAt", "body" FROM "KubeObject" WHERE "id" IN (${ids.map(() => "?").join(", ")})`, ids));
    }
  }
  const wanted = new Set(stale);
  for (const f of fetches) {
    for (const g of await f()) {
      if (!wanted.has(Number(g.id))) continue;
      const obj = JSON.parse(g.body) as KubeObject;
      rows.set(Number(g.id), { rv: Number(g.resourceVersion), at: stamp(g.updatedAt), obj: FREEZE ? deepFreeze(obj) : obj });
    }
  }
  // in the heads' order; a row deleted between the two reads is left out (the caller's version check sees the change)
  const out: KubeObject[] = [];
  for (const h of heads) {
    const r = rows.get(Number(h.id));
    if (r) out.push(r.obj);
  }
  cache.set(key, { rows });
  const whole = [...cache.keys()].filter((k) => k.endsWith("\n*"));
  for (const k of whole.slice(0, Math.max(0, whole.length - WHOLE_CLUSTERS_CACHED))) cache.delete(k);
  const lists = [...cache.keys()].filter((k) => !k.endsWith("\n*"));
  for (const k of lists.slice(0, Math.max(0, lists.length - KIND_LISTS_CACHED))) cache.delete(k);
  const read = { rows: out.length, fetched: stale.length };
  lastRead.set(key, read);
  if (stats) Object.assign(stats, read);
  return out;
}

const lastRead = new Map<string, CachedObjectsStats>();
/** What the latest {@link cachedObjects} call for all objects of a cluster read (benchmarks). */
export function lastObjectRead(clusterId: number): CachedObjectsStats {
  return { ...(lastRead.get(`${clusterId}\n*`) ?? { rows: 0, fetched: 0 }) };
}

/** Forget every cached object (tests, benchmarks). */
export function clearObjectCache() {
  cache.clear();
  lastRead.clear();
}
