/** The Kubernetes object store of a cluster: one row per (kind, namespace, name), the full object as JSON. */
import { randomUUID } from "node:crypto";
import type { Prisma } from "../generated/prisma/client";
import type { KubeObject } from "../kube/types";
import { isClusterScoped } from "../kube/kinds";

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

export type PutResult = "created" | "configured" | "unchanged";

/** Creates or updates one object (as `kubectl apply` does: by kind/namespace/name), bumping resourceVersion on change. */
export async function putObject(tx: Tx, clusterId: number, input: KubeObject): Promise<{ result: PutResult; object: KubeObject }> {
  const namespace = objectNamespace(input);
  const key = { clusterId_kind_namespace_name: { clusterId, kind: input.kind, namespace, name: input.metadata.name } };
  const existing = await tx.kubeObject.findUnique({ where: key });
  const metadata = { ...input.metadata, ...(namespace ? { namespace } : {}) };
  if (!existing) {
    const uid = (typeof input.metadata.uid === "string" && input.metadata.uid) || randomUUID();
    const object: KubeObject = { ...input, metadata: { ...metadata, uid, resourceVersion: "1" } };
    await tx.kubeObject.create({
      data: { clusterId, apiVersion: input.apiVersion, kind: input.kind, namespace, name: input.metadata.name, uid, body: JSON.stringify(object), resourceVersion: 1 },
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
