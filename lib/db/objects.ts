/**
 * The Kubernetes object store of a cluster: one row per (kind, namespace, name), the full object as JSON. The kind
 * column is {@link storedKind}: `Kind` for Kubernetes' own API groups, `Kind.group` for others (a Calico
 * `NetworkPolicy` is `NetworkPolicy.projectcalico.org`), so objects of different groups never overwrite each other.
 */
import { randomUUID } from "node:crypto";
import type { Prisma } from "../generated/prisma/client";
import type { KubeObject } from "../kube/types";
import { isClusterScoped, storedKind } from "../kube/kinds";
import type { Sql } from "./sql";

export type Tx = Prisma.TransactionClient;

export interface StoredObject {
  id: number;
  object: KubeObject;
}

export function objectNamespace(obj: KubeObject): string {
  return isClusterScoped(obj.kind) ? "" : (obj.metadata.namespace ?? "default");
}

export async function loadObjects(tx: Tx, clusterId: number, kinds?: string[]): Promise<KubeObject[]> {
  const rows = await tx.kubeObject.findMany({
    where: { clusterId, ...(kinds ? { kind: { in: kinds } } : {}) },
    orderBy: [{ kind: "asc" }, { namespace: "asc" }, { name: "asc" }],
  });
  return rows.map((r) => JSON.parse(r.body) as KubeObject);
}

/** {@link loadObjects} as one raw statement (lib/db/sql.ts): the write path's reads of many objects. */
export async function loadObjectsRaw(sql: Sql, tx: Tx, clusterId: number, kinds: string[]): Promise<KubeObject[]> {
  if (!kinds.length) return [];
  const rows = await sql.query<{ body: string }>(
    tx,
    `SELECT "body" FROM "KubeObject" WHERE "clusterId" = ? AND "kind" IN (${kinds.map(() => "?").join(", ")}) ORDER BY "kind", "namespace", "name"`,
    [clusterId, ...kinds],
  );
  return rows.map((r) => JSON.parse(r.body) as KubeObject);
}

import type { PutResult } from "../api/dto";

export type { PutResult };

/** Creates or updates one object (as `kubectl apply` does: by kind/namespace/name), bumping resourceVersion on change. */
export async function putObject(tx: Tx, clusterId: number, input: KubeObject): Promise<{ result: PutResult; object: KubeObject }> {
  const namespace = objectNamespace(input);
  const kind = storedKind(input.apiVersion, input.kind);
  const key = { clusterId_kind_namespace_name: { clusterId, kind, namespace, name: input.metadata.name } };
  const existing = await tx.kubeObject.findUnique({ where: key });
  const metadata = { ...input.metadata, ...(namespace ? { namespace } : {}) };
  if (!existing) {
    const uid = (typeof input.metadata.uid === "string" && input.metadata.uid) || randomUUID();
    const object: KubeObject = { ...input, metadata: { ...metadata, uid, resourceVersion: "1" } };
    await tx.kubeObject.create({
      data: { clusterId, apiVersion: input.apiVersion, kind, namespace, name: input.metadata.name, uid, body: JSON.stringify(object), resourceVersion: 1 },
    });
    return { result: "created", object };
  }
  const previous = JSON.parse(existing.body) as KubeObject;
  const candidate: KubeObject = { ...input, metadata: { ...metadata, uid: existing.uid, resourceVersion: String(existing.resourceVersion) } };
  if (JSON.stringify(candidate) === JSON.stringify(previous)) return { result: "unchanged", object: previous };
  const version = existing.resourceVersion + 1;
  const object: KubeObject = { ...candidate, metadata: { ...candidate.metadata, resourceVersion: String(version) } };
  await tx.kubeObject.update({ where: { id: existing.id }, data: { apiVersion: input.apiVersion, body: JSON.stringify(object), resourceVersion: version } });
  return { result: "configured", object };
}

export async function deleteObject(tx: Tx, clusterId: number, kind: string, namespace: string, name: string): Promise<boolean> {
  const r = await tx.kubeObject.deleteMany({ where: { clusterId, kind, namespace, name } });
  return r.count > 0;
}

type ObjectRow = { uid: string; body: string; resourceVersion: number };
type PendingRow = { kind: string; namespace: string; name: string; apiVersion: string; uid: string; body: string };

/**
 * Set-based writes of many objects in one transaction (an apply): the rows of the objects being applied are loaded
 * with one statement, each object is compared in memory, new objects are inserted with multi-row INSERTs (one per
 * 400 rows) and only changed objects are updated. Raw SQL (lib/db/sql.ts) on both stores: no query compile per
 * statement. Call `flush()` before anything reads the store.
 */
export class ObjectBatch {
  private rows = new Map<string, ObjectRow>();
  private pending = new Map<string, PendingRow>();
  static readonly BATCH = 2_000;

  constructor(
    private readonly tx: Tx,
    private readonly clusterId: number,
    private readonly sql: Sql,
    /** the request's pacer (./pace.ts): awaited between the statements of a large flush */
    private readonly step?: () => Promise<void> | undefined,
  ) {}

  private static key(kind: string, namespace: string, name: string): string {
    return `${kind}\u0000${namespace}\u0000${name}`;
  }

  /**
   * Load the stored rows of the given objects in one statement: by name when there are few of a kind (a small apply
   * to a large cluster reads only what it touches), the whole kind when there are many.
   */
  async preload(objects: { kind: string; name: string }[]): Promise<void> {
    const byKind = new Map<string, Set<string>>();
    for (const o of objects) {
      const names = byKind.get(o.kind) ?? new Set<string>();
      names.add(o.name);
      byKind.set(o.kind, names);
    }
    if (!byKind.size) return;
    const conds: string[] = [];
    const params: unknown[] = [this.clusterId];
    for (const [kind, names] of byKind) {
      if (names.size > 200) {
        conds.push(`"kind" = ?`);
        params.push(kind);
      } else {
        conds.push(`("kind" = ? AND "name" IN (${[...names].map(() => "?").join(", ")}))`);
        params.push(kind, ...names);
      }
    }
    const found = await this.sql.query<{ kind: string; namespace: string; name: string; uid: string; body: string; resourceVersion: unknown }>(
      this.tx,
      `SELECT "kind", "namespace", "name", "uid", "body", "resourceVersion" FROM "KubeObject" WHERE "clusterId" = ? AND (${conds.join(" OR ")})`,
      params,
    );
    for (const r of found) this.rows.set(ObjectBatch.key(r.kind, r.namespace, r.name), { uid: r.uid, body: r.body, resourceVersion: Number(r.resourceVersion) });
  }

  /** The stored object (as of this batch) or undefined. */
  stored(kind: string, namespace: string, name: string): KubeObject | undefined {
    const k = ObjectBatch.key(kind, namespace, name);
    const p = this.pending.get(k);
    if (p) return JSON.parse(p.body) as KubeObject;
    const r = this.rows.get(k);
    return r ? (JSON.parse(r.body) as KubeObject) : undefined;
  }

  async put(input: KubeObject): Promise<{ result: PutResult; object: KubeObject }> {
    const namespace = objectNamespace(input);
    const kind = storedKind(input.apiVersion, input.kind);
    const k = ObjectBatch.key(kind, namespace, input.metadata.name);
    if (this.pending.has(k)) await this.flush(); // the same object twice in one apply: the second one updates the first
    const metadata = { ...input.metadata, ...(namespace ? { namespace } : {}) };
    const existing = this.rows.get(k);
    if (!existing) {
      const uid = (typeof input.metadata.uid === "string" && input.metadata.uid) || randomUUID();
      const object: KubeObject = { ...input, metadata: { ...metadata, uid, resourceVersion: "1" } };
      this.pending.set(k, { apiVersion: input.apiVersion, kind, namespace, name: input.metadata.name, uid, body: JSON.stringify(object) });
      if (this.pending.size >= ObjectBatch.BATCH) await this.flush();
      return { result: "created", object };
    }
    const previous = JSON.parse(existing.body) as KubeObject;
    const candidate: KubeObject = { ...input, metadata: { ...metadata, uid: existing.uid, resourceVersion: String(existing.resourceVersion) } };
    if (JSON.stringify(candidate) === existing.body || JSON.stringify(candidate) === JSON.stringify(previous)) return { result: "unchanged", object: previous };
    const version = existing.resourceVersion + 1;
    const object: KubeObject = { ...candidate, metadata: { ...candidate.metadata, resourceVersion: String(version) } };
    const body = JSON.stringify(object);
    await this.sql.execute(
      this.tx,
      `UPDATE "KubeObject" SET "apiVersion" = ?, "body" = ?, "resourceVersion" = ?, "updatedAt" = ? WHERE "clusterId" = ? AND "kind" = ? AND "namespace" = ? AND "name" = ?`,
      [input.apiVersion, body, version, this.sql.now(), this.clusterId, kind, namespace, input.metadata.name],
    );
    this.rows.set(k, { ...existing, body, resourceVersion: version });
    return { result: "configured", object };
  }

  /** Insert the pending new objects (one statement per 400 rows). */
  async flush(): Promise<void> {
    if (!this.pending.size) return;
    const batch = [...this.pending.values()];
    this.pending.clear();
    const now = this.sql.now();
    await this.sql.insertMany(
      this.tx,
      "KubeObject",
      ["clusterId", "apiVersion", "kind", "namespace", "name", "uid", "body", "resourceVersion", "createdAt", "updatedAt"],
      batch.map((b) => [this.clusterId, b.apiVersion, b.kind, b.namespace, b.name, b.uid, b.body, 1, now, now]),
      undefined,
      this.step,
    );
    for (const b of batch) this.rows.set(ObjectBatch.key(b.kind, b.namespace, b.name), { uid: b.uid, body: b.body, resourceVersion: 1 });
  }
}
