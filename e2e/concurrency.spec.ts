import { expect, test } from "@playwright/test";

/** Races against the real server process (next start + SQLite): the database guarantees no address is held twice. */
test.describe("concurrent allocation against the running server", () => {
  test("eight parallel cluster creations on a network with room for five: five clusters, three clean 409s, no duplicate", async ({ request }) => {
    // node pool of 40 addresses; the smallest cluster takes 1 CP + 1 worker + 1 LB + 5 upgrade spares = 8
    const net = await request.post("/api/networks", {
      data: {
        name: "racenet",
        vswitchName: "extSwitch",
        ipAddressPrefix: "10.77.0.0/24",
        gateway: "10.77.0.1",
        dnsServers: ["10.77.0.1"],
        k8sNodeIpPoolStart: "10.77.0.10",
        k8sNodeIpPoolEnd: "10.77.0.49",
        vipPoolStart: "10.77.0.200",
        vipPoolEnd: "10.77.0.250",
      },
    });
    expect(net.status()).toBe(201);
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        request.post("/api/clusters", { data: { name: `race${i}`, vnet: "racenet", nodePools: [{ name: "pool", count: 1 }] } }),
      ),
    );
    const statuses = responses.map((r) => r.status()).sort();
    expect(statuses).toEqual([201, 201, 201, 201, 201, 409, 409, 409]);
    for (const r of responses.filter((r) => r.status() === 409)) {
      const body = await r.json();
      expect(body.error.code).toBe("pool_exhausted");
      expect(body.error.details).toMatchObject({ pool: "node", needed: 8, missing: 8 });
    }
    const allocs: { address: string; clusterName: string }[] = await (await request.get("/api/networks/racenet/allocations")).json();
    expect(new Set(allocs.map((a) => a.address)).size).toBe(allocs.length);
    expect(allocs.filter((a) => a.address.startsWith("10.77.0.") && Number(a.address.split(".")[3]) < 50)).toHaveLength(40);
    // the three losers left nothing behind
    const clusters: { name: string }[] = await (await request.get("/api/clusters")).json();
    const created = clusters.filter((c) => c.name.startsWith("race")).map((c) => c.name);
    expect(created).toHaveLength(5);
    expect(new Set(allocs.map((a) => a.clusterName))).toEqual(new Set(created));
    for (const name of created) expect((await request.delete(`/api/clusters/${name}`)).status()).toBe(204);
    expect((await request.delete("/api/networks/racenet")).status()).toBe(204);
  });

  test("parallel applies of LoadBalancer services get distinct VIPs, ClusterIPs and NodePorts", async ({ request }) => {
    // all on port 8080: no two of them may share a VIP (§3.4); one may join a VIP the demo already holds on other ports
    const before: { loadBalancerIP?: string }[] = await (await request.get("/api/clusters/shopflannel/services")).json();
    const held = new Set(before.map((s) => s.loadBalancerIP).filter(Boolean));
    const yaml = (i: number) => `apiVersion: v1
kind: Service
metadata: {name: race${i}, namespace: default}
spec:
  type: LoadBalancer
  selector: {app: race${i}}
  ports: [{port: 8080}]
`;
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) => request.post("/api/clusters/shopflannel/apply", { headers: { "content-type": "application/yaml" }, data: yaml(i) })),
    );
    for (const r of responses) expect(r.status()).toBe(200);
    const svcs: { name: string; clusterIP: string; loadBalancerIP: string; ports: { nodePort: number }[] }[] = await (await request.get("/api/clusters/shopflannel/services")).json();
    const mine = svcs.filter((s) => s.name.startsWith("race"));
    expect(mine).toHaveLength(6);
    expect(new Set(mine.map((s) => s.loadBalancerIP)).size).toBe(6);
    expect(new Set(mine.map((s) => s.clusterIP)).size).toBe(6);
    expect(new Set(mine.map((s) => s.ports[0].nodePort)).size).toBe(6);
    const allocs: { address: string }[] = await (await request.get("/api/networks/demonet/allocations")).json();
    expect(new Set(allocs.map((a) => a.address)).size).toBe(allocs.length);
    // deleting them gives their own VIPs back to the pool (a VIP shared with a demo Service stays with it)
    for (const s of mine) expect((await request.delete(`/api/clusters/shopflannel/objects?kind=Service&namespace=default&name=${s.name}`)).status()).toBe(200);
    const after: { address: string }[] = await (await request.get("/api/networks/demonet/allocations")).json();
    const own = mine.filter((s) => !held.has(s.loadBalancerIP));
    expect(mine.length - own.length).toBeLessThanOrEqual(held.size); // at most one joins each VIP the demo held
    for (const s of own) expect(after.map((a) => a.address)).not.toContain(s.loadBalancerIP);
    for (const s of mine.filter((x) => held.has(x.loadBalancerIP))) expect(after.map((a) => a.address)).toContain(s.loadBalancerIP);
  });
});
