import { beforeAll, describe, expect, it } from "vitest";
import { apiErrorText } from "@/lib/i18n/api-errors";
import { problemText } from "@/lib/i18n/problems";
import { call, useTempDatabase } from "./helpers";

useTempDatabase();
const networks = await import("@/app/api/networks/route");
const network = await import("@/app/api/networks/[name]/route");
const allocations = await import("@/app/api/networks/[name]/allocations/route");
const catchAll = await import("@/app/api/[...path]/route");
const { db } = await import("@/lib/db/client");
const { DEMO_NETWORK } = await import("@/lib/db/seed");

const lab = {
  name: "labnet",
  vswitchName: "extSwitch",
  ipAddressPrefix: "192.168.50.0/24",
  gateway: "192.168.50.1",
  dnsServers: ["192.168.50.1", "192.168.50.2"],
  k8sNodeIpPoolStart: "192.168.50.10",
  k8sNodeIpPoolEnd: "192.168.50.99",
  vipPoolStart: "192.168.50.200",
  vipPoolEnd: "192.168.50.250",
};

async function rowCounts() {
  return { networks: await db().clusterNetwork.count(), allocations: await db().ipAllocation.count() };
}

describe("/api/networks", () => {
  beforeAll(async () => {
    const r = await call(networks.POST, { json: DEMO_NETWORK });
    expect(r.status).toBe(201);
  });

  it("GET lists networks as JSON, with pool usage", async () => {
    const r = await call(networks.GET);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/application\/json/);
    const demo = r.body.find((n: { name: string }) => n.name === "demonet");
    expect(demo).toMatchObject({
      ipAssignment: "static",
      ipAddressPrefix: "172.16.0.0/16",
      vipPoolStart: "172.16.255.0",
      vlanID: 9,
      managementCluster: true,
      usage: { node: { used: 3, size: 255 }, vip: { used: 1, size: 255 } },
      // 252 free node IPs, 254 free VIPs; the smallest cluster takes 8 node IPs and 1 VIP
      forecast: { workerNodes: 252, loadBalancerVips: 254, clusters: 31 },
    });
  });

  it("POST creates a static network (201) and GET /{name} returns it", async () => {
    const r = await call(networks.POST, { json: lab });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ name: "labnet", dnsServers: ["192.168.50.1", "192.168.50.2"], usage: { node: { used: 0, size: 90 } } });
    const g = await call(network.GET, { params: { name: "labnet" } });
    expect(g.status).toBe(200);
    expect(g.body.k8sNodeIpPoolEnd).toBe("192.168.50.99");
  });

  it("POST creates a DHCP network: no node pool, VIPs only", async () => {
    const r = await call(networks.POST, { json: { name: "dhcpnet", vswitchName: "extSwitch", vipPoolStart: "10.50.0.100", vipPoolEnd: "10.50.0.120", vlanID: 7 } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ ipAssignment: "dhcp", usage: { node: null, vip: { used: 0 } } });
  });

  it("a second AKS host network (managementCluster: true) is a 409 naming the existing one", async () => {
    const before = await rowCounts();
    const r = await call(networks.POST, { json: { name: "host2", vswitchName: "extSwitch", vipPoolStart: "10.51.0.100", vipPoolEnd: "10.51.0.120", managementCluster: true } });
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({ code: "management_network_exists", details: { otherNetwork: "demonet" } });
    expect(r.body.error.fields[0].path).toBe("managementCluster");
    expect(await rowCounts()).toEqual(before);
  });

  it("overlapping network objects are refused with 409 naming the other network and the overlapping range (§1.6 rule 14)", async () => {
    const before = await rowCounts();
    // the reproduction: a second network with the same prefix and pools as demonet
    const twin = { ...DEMO_NETWORK, name: "demotwin", managementCluster: false };
    const same = await call(networks.POST, { json: twin });
    expect(same.status).toBe(409);
    expect(same.body.error.code).toBe("network_overlap");
    expect(same.body.error.message).toContain('overlaps network "demonet" at 172.16.255.0–172.16.255.254');
    expect(same.body.error.fields.map((f: { path: string }) => f.path)).toEqual(["vipPoolStart", "k8sNodeIpPoolStart"]);
    expect(same.body.error.details.overlaps).toEqual(
      expect.arrayContaining([{ otherNetwork: "demonet", range: "172.16.10.1–172.16.10.255", path: "k8sNodeIpPoolStart" }]),
    );
    // a VIP pool over another network's node pool (the AKS host's addresses 172.16.10.1–3 among them)
    const cross = await call(networks.POST, { json: { name: "cross", vswitchName: "extSwitch", vipPoolStart: "172.16.10.2", vipPoolEnd: "172.16.10.4" } });
    expect(cross.status).toBe(409);
    expect(cross.body.error.fields[0]).toMatchObject({ path: "vipPoolStart" });
    expect(cross.body.error.fields[0].message).toContain("k8s node IP pool 172.16.10.1–172.16.10.255 of network \"demonet\" (the AKS host's network) at 172.16.10.2–172.16.10.4");
    // a DHCP network whose VIP pool overlaps dhcpnet's by one address
    const edge = await call(networks.POST, { json: { name: "edge", vswitchName: "extSwitch", vipPoolStart: "10.50.0.120", vipPoolEnd: "10.50.0.130" } });
    expect(edge.status).toBe(409);
    expect(edge.body.error.message).toContain('network "dhcpnet" at 10.50.0.120');
    expect(await rowCounts()).toEqual(before);
    // the same subnet with disjoint pools and the gateway/DNS outside every pool is fine
    const split = { ...twin, name: "demosplit", k8sNodeIpPoolStart: "172.16.20.1", k8sNodeIpPoolEnd: "172.16.20.50", vipPoolStart: "172.16.254.1", vipPoolEnd: "172.16.254.20" };
    const ok = await call(networks.POST, { json: split });
    expect(ok.status).toBe(201);
    expect((await call(network.DELETE, { method: "DELETE", params: { name: "demosplit" } })).status).toBe(204);
  });

  it("invalid networks answer 422 naming every bad field, and write nothing", async () => {
    const before = await rowCounts();
    const r = await call(networks.POST, {
      json: { ...lab, name: "Bad-Name", gateway: "192.168.50.20", vipPoolStart: "192.168.50.90", dnsServers: ["1.1.1.1", "1.0.0.1", "8.8.8.8", "8.8.4.4"] },
    });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe("validation_failed");
    const paths = r.body.error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(["name", "gateway", "dnsServers"]));
    expect(paths.some((p: string) => p.startsWith("vipPool"))).toBe(true);
    for (const f of r.body.error.fields) expect(f.message.length).toBeGreaterThan(5);
    expect(await rowCounts()).toEqual(before);
  });

  it("free text is printable and at most 256 characters; unknown parameters and cloudServiceCidr are refused naming them (422)", async () => {
    const before = await rowCounts();
    // a control character anywhere in a JSON body is refused before anything else, naming the field
    const r = await call(networks.POST, { json: { ...lab, name: "textnet", vswitchName: "ext\u2019\nRemove-Item C:\\", cloudServiceCidr: "192.168.50.5/24" } });
    expect(r.status).toBe(422);
    expect(r.body.error.fields).toEqual([{ path: "vswitchName", message: "must contain printable characters only; found control character U+000A", code: "text.control", vars: { char: "U+000A" } }]);
    const u = await call(networks.POST, { json: { ...lab, name: "textnet", vswitchName: "ext\u2019 switch", cloudServiceCidr: "192.168.50.5/24", vipPoolSize: 3 } });
    expect(u.status).toBe(422);
    expect(u.body.error.fields.map((f: { path: string }) => f.path)).toEqual(["cloudServiceCidr", "vipPoolSize"]);
    expect(await rowCounts()).toEqual(before);
  });

  it("a duplicate name is a 409 naming the field", async () => {
    const r = await call(networks.POST, { json: lab });
    expect(r.status).toBe(409);
    expect(r.body.error.fields[0].path).toBe("name");
    // the codes the UI translates (lib/i18n): the answer's and the field's
    expect(r.body.error).toMatchObject({ code: "already_exists", details: { kind: "network", name: lab.name } });
    expect(r.body.error.fields[0].code).toBe("exists.network");
    expect(apiErrorText("ja", r.body.error)).toBe(`ネットワーク "${lab.name}" は既に存在します`);
    expect(problemText("ja", r.body.error.fields[0])).toBe("この名前のネットワークは既に存在します");
  });

  it("malformed bodies are 400 and oversized bodies 413", async () => {
    const bad = await call(networks.POST, { body: "{not json", headers: { "content-type": "application/json" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("bad_request");
    const arr = await call(networks.POST, { json: [1, 2] });
    expect(arr.status).toBe(400);
    const big = await call(networks.POST, { body: JSON.stringify({ name: "x".repeat(2 * 1024 * 1024) }), headers: { "content-type": "application/json" } });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe("payload_too_large");
  });

  it("unknown network → 404; unknown API route → 404 JSON", async () => {
    const r = await call(network.GET, { params: { name: "nope" } });
    expect(r.status).toBe(404);
    expect(r.body.error).toMatchObject({ code: "not_found" });
    const c = await call(catchAll.GET, { path: "/api/does/not/exist" });
    expect(c.status).toBe(404);
    expect(c.body.error.message).toContain("/api/does/not/exist");
  });

  it("allocations are listed sorted by address", async () => {
    const r = await call(allocations.GET, { params: { name: "demonet" } });
    expect(r.status).toBe(200);
    expect(r.body.map((a: { address: string }) => a.address)).toEqual(["172.16.10.1", "172.16.10.2", "172.16.10.3", "172.16.255.0"]);
    expect(r.body[0]).toMatchObject({ pool: "node", ownerKind: "management-node", ownerName: "aks-host", clusterName: null });
  });

  it("DELETE is refused with 409 while a cluster uses the network, and works after", async () => {
    const net = await db().clusterNetwork.findUniqueOrThrow({ where: { name: "labnet" } });
    await db().cluster.create({ data: { name: "usingit", networkId: net.id } });
    const refused = await call(network.DELETE, { method: "DELETE", params: { name: "labnet" } });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: "network_in_use", details: { clusters: ["usingit"] } });
    expect(await db().clusterNetwork.count({ where: { name: "labnet" } })).toBe(1);
    await db().cluster.delete({ where: { name: "usingit" } });
    const ok = await call(network.DELETE, { method: "DELETE", params: { name: "labnet" } });
    expect(ok.status).toBe(204);
    expect((await call(network.GET, { params: { name: "labnet" } })).status).toBe(404);
  });

  it("writes leave an audit trail", async () => {
    const events = await db().auditEvent.findMany({ where: { targetKind: "ClusterNetwork" }, orderBy: { id: "asc" } });
    expect(events.map((e) => `${e.action} ${e.targetName}`)).toEqual(expect.arrayContaining(["create demonet", "create labnet", "delete labnet"]));
  });
});
