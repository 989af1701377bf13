/**
 * The per-cluster apply queue: applies that queue up behind a running one are committed together in one transaction,
 * each in its own SAVEPOINT — every client still gets its own result or its own error, and nothing is handed out twice.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { call, useTempDatabase } from "./helpers";

useTempDatabase();
const networks = await import("@/app/api/networks/route");
const clusters = await import("@/app/api/clusters/route");
const apply = await import("@/app/api/clusters/[name]/apply/route");
const services = await import("@/app/api/clusters/[name]/services/route");
const { db } = await import("@/lib/db/client");
const { applyQueue } = await import("@/lib/db/apply");

const lb = (name: string, extra = "") =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: default}\nspec:\n  type: LoadBalancer\n  selector: {app: ${name}}\n  ports: [{port: 80, targetPort: 8080}]\n${extra}`;
const applyYaml = (body: string) => call(apply.POST, { path: "/api/clusters/q/apply", params: { name: "q" }, body, headers: { "content-type": "application/yaml" } });

describe("apply queue: concurrent applies to one cluster", () => {
  beforeAll(async () => {
    const net = { name: "qnet", vswitchName: "extSwitch", ipAddressPrefix: "10.5.0.0/24", gateway: "10.5.0.1", dnsServers: ["10.5.0.1"], k8sNodeIpPoolStart: "10.5.0.10", k8sNodeIpPoolEnd: "10.5.0.99", vipPoolStart: "10.5.0.200", vipPoolEnd: "10.5.0.240" };
    expect((await call(networks.POST, { json: net })).status).toBe(201);
    expect((await call(clusters.POST, { json: { name: "q", vnet: "qnet", nodePools: [{ name: "pool", count: 2 }] } })).status).toBe(201);
  });

  it("commits queued applies together, answers each with its own result or error, and hands nothing out twice", async () => {
    const before = { ...applyQueue(db()).stats };
    const bodies = Array.from({ length: 20 }, (_, i) => (i === 7 ? lb("bad", "  loadBalancerIP: 10.5.0.50\n") : i === 12 ? lb("lb3") /* the same Service again */ : lb(`lb${i}`)));
    const answers = await Promise.all(bodies.map((b) => applyYaml(b)));
    // every apply was answered for itself: the bad one with its own 422 naming the field, the others with their Service
    expect(answers[7].status).toBe(422);
    expect(answers[7].body.error.fields[0].path).toBe("spec.loadBalancerIP");
    expect(answers[7].body.error.fields[0].message).toMatch(/not in the VIP pool/);
    answers.forEach((a, i) => {
      if (i === 7) return;
      expect(a.status).toBe(200);
      expect(a.body.results).toHaveLength(1);
      expect(a.body.results[0].name).toBe(i === 12 ? "lb3" : `lb${i}`);
      expect(a.body.results[0].allocated.loadBalancerIP).toMatch(/^10\.5\.0\.2\d\d$/);
    });
    // the re-apply of lb3 in the same transaction kept lb3's addresses
    expect(answers[12].body.results[0].action).toBe("unchanged");
    expect(answers[12].body.results[0].allocated.loadBalancerIP).toBe(answers[3].body.results[0].allocated.loadBalancerIP);
    // several applies were committed in one transaction
    const after = applyQueue(db()).stats;
    expect(after.groups).toBeGreaterThan(before.groups);
    expect(after.grouped - before.grouped).toBeGreaterThanOrEqual(10);

    const svcs = (await call(services.GET, { params: { name: "q" } })).body as { name: string; clusterIP: string; loadBalancerIP: string | null; ports: { nodePort?: number }[] }[];
    const mine = svcs.filter((s) => s.name.startsWith("lb") || s.name === "bad");
    expect(mine.map((s) => s.name)).not.toContain("bad");
    expect(mine).toHaveLength(18); // 20 applies: one refused, one a re-apply of lb3
    expect(new Set(mine.map((s) => s.clusterIP)).size).toBe(18);
    expect(new Set(mine.map((s) => s.loadBalancerIP)).size).toBe(18);
    expect(new Set(mine.map((s) => s.ports[0].nodePort)).size).toBe(18);
    // the tables agree: one VIP row and one binding per Service, nothing left of the failed one
    const vipRows = await db().ipAllocation.findMany({ where: { cluster: { name: "q" }, ownerKind: "service" }, include: { vipPorts: true } });
    expect(vipRows).toHaveLength(18);
    expect(vipRows.every((r) => r.vipPorts.length === 1)).toBe(true);
    expect(await db().clusterAddress.count({ where: { cluster: { name: "q" }, space: "service", ownerName: "bad" } })).toBe(0);
    expect(await db().auditEvent.count({ where: { action: "apply", targetName: "q" } })).toBe(19);
  });
});
