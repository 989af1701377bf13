import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { call, testStore, useTempDatabase } from "./helpers";

useTempDatabase();
const apply = await import("@/app/api/clusters/[name]/apply/route");
const objects = await import("@/app/api/clusters/[name]/objects/route");
const manifests = await import("@/app/api/clusters/[name]/manifests/route");
const { db } = await import("@/lib/db/client");
const { seedDemo } = await import("@/lib/db/seed");

/** The same namespace and name in two API groups: kubectl treats them as two resources, so must the store. */
const K8S = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: same-name, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  policyTypes: [Ingress]
`;
const CALICO = `apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: same-name, namespace: shop}
spec:
  selector: app == 'api'
  ingress:
    - action: Deny
      source: {selector: app == 'frontend'}
`;
const yaml = { "content-type": "application/yaml" };

async function networkPolicies() {
  const r = await call(objects.GET, { path: "/api/clusters/shopcalico/objects?kind=NetworkPolicy", params: { name: "shopcalico" } });
  expect(r.status).toBe(200);
  return (r.body as { apiVersion: string; metadata: { name: string; namespace: string }; spec: Record<string, unknown> }[]).filter((o) => o.metadata.name === "same-name");
}

describe("object store key includes the API group", () => {
  beforeAll(async () => {
    await seedDemo(db());
  });

  it("a Calico NetworkPolicy and a Kubernetes NetworkPolicy of the same namespace/name are two objects", async () => {
    const a = await call(apply.POST, { params: { name: "shopcalico" }, body: K8S, headers: yaml });
    expect(a.status).toBe(200);
    expect(a.body.results).toEqual([expect.objectContaining({ kind: "NetworkPolicy", apiVersion: "networking.k8s.io/v1", action: "created" })]);
    const b = await call(apply.POST, { params: { name: "shopcalico" }, body: CALICO, headers: yaml });
    expect(b.status).toBe(200);
    expect(b.body.results).toEqual([expect.objectContaining({ kind: "NetworkPolicy", apiVersion: "projectcalico.org/v3", action: "created" })]);

    const both = await networkPolicies();
    expect(both.map((o) => o.apiVersion).sort()).toEqual(["networking.k8s.io/v1", "projectcalico.org/v3"]);
    expect(both.find((o) => o.apiVersion === "networking.k8s.io/v1")!.spec.podSelector).toEqual({ matchLabels: { app: "api" } });
    expect(both.find((o) => o.apiVersion === "projectcalico.org/v3")!.spec.selector).toBe("app == 'api'");

    // re-applying either one leaves the other alone, and each is unchanged
    const again = await call(apply.POST, { params: { name: "shopcalico" }, body: `${K8S}---\n${CALICO}`, headers: yaml });
    expect(again.status).toBe(200);
    expect(again.body.results.map((r: { action: string }) => r.action)).toEqual(["unchanged", "unchanged"]);
    expect(await networkPolicies()).toHaveLength(2);
  });

  it("the YAML export holds both", async () => {
    const r = await call(manifests.GET, { params: { name: "shopcalico" } });
    expect(r.status).toBe(200);
    const docs = parseAllDocuments(r.text).map((d) => d.toJS() as { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } });
    const mine = docs.filter((d) => d.kind === "NetworkPolicy" && d.metadata.name === "same-name" && d.metadata.namespace === "shop");
    expect(mine.map((d) => d.apiVersion).sort()).toEqual(["networking.k8s.io/v1", "projectcalico.org/v3"]);
  });

  it("kubectl delete with the group (NetworkPolicy.projectcalico.org) removes only the Calico one", async () => {
    const d = await call(objects.DELETE, { method: "DELETE", path: "/api/clusters/shopcalico/objects?kind=NetworkPolicy.projectcalico.org&namespace=shop&name=same-name", params: { name: "shopcalico" } });
    expect(d.status).toBe(200);
    expect(d.body.deleted).toEqual(["NetworkPolicy.projectcalico.org/shop/same-name"]);
    expect((await networkPolicies()).map((o) => o.apiVersion)).toEqual(["networking.k8s.io/v1"]);
  });

  it("the data migration moves rows stored before the fix to the group-qualified kind", async () => {
    const cluster = await db().cluster.findUniqueOrThrow({ where: { name: "shopcalico" } });
    const body = JSON.parse(JSON.stringify({ apiVersion: "projectcalico.org/v3", kind: "NetworkPolicy", metadata: { name: "old-row", namespace: "shop" }, spec: {} }));
    await db().kubeObject.create({ data: { clusterId: cluster.id, apiVersion: "projectcalico.org/v3", kind: "NetworkPolicy", namespace: "shop", name: "old-row", uid: "u-old", body: JSON.stringify(body) } });
    const dir = testStore === "postgresql" ? "prisma/postgresql/migrations" : "prisma/migrations";
    await db().$executeRawUnsafe(readFileSync(`${dir}/20261130000000_stored_kind_group/migration.sql`, "utf8").replace(/^--.*$/gm, ""));
    const rows = await db().kubeObject.findMany({ where: { clusterId: cluster.id, name: { in: ["old-row", "same-name"] } }, select: { kind: true, name: true } });
    expect(rows.map((r) => `${r.kind} ${r.name}`).sort()).toEqual(["NetworkPolicy same-name", "NetworkPolicy.projectcalico.org old-row"]);
    // the Kubernetes kinds are untouched
    expect(await db().kubeObject.count({ where: { clusterId: cluster.id, kind: "Pod" } })).toBeGreaterThan(0);
  });
});
