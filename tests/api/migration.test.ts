import { beforeAll, describe, expect, it } from "vitest";
import { call, useTempDatabase } from "./helpers";

useTempDatabase();
const migration = await import("@/app/api/clusters/[name]/migration/route");
const { db } = await import("@/lib/db/client");
const { seedDemo } = await import("@/lib/db/seed");

describe("migration API", () => {
  beforeAll(async () => {
    await seedDemo(db());
  });

  it("plans shopflannel → a new Calico cluster on demonet, checked against the free addresses", async () => {
    const r = await call(migration.GET, { path: "/api/clusters/shopflannel/migration", params: { name: "shopflannel" } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ from: "flannel", to: "calico", newClusterName: "shopcalico2", network: "demonet", fits: true, needs: { nodeIps: 9, vips: 3 } });
    expect(r.body.free.nodeIps).toBeGreaterThanOrEqual(9);
    expect(r.body.powershell).toContain("-primaryNetworkPlugin 'calico'");
    expect(r.body.warnings.find((w: { id: string }) => w.id === "vipChanges").objects).toHaveLength(2);
    const named = await call(migration.GET, { path: "/api/clusters/shopflannel/migration?name=shopnext", params: { name: "shopflannel" } });
    expect(named.body.newClusterName).toBe("shopnext");
    const bad = await call(migration.GET, { path: "/api/clusters/shopflannel/migration?name=Shop-Next", params: { name: "shopflannel" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe("name");
  });
});
