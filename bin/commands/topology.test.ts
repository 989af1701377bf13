import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CliIo } from "../cli";
import { run } from "./topology";

const dir = mkdtempSync(path.join(tmpdir(), "hcinet-topology-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CLUSTER = `
apiVersion: v1
kind: Node
metadata: {name: w1, labels: {kubernetes.io/os: windows}}
status: {addresses: [{type: InternalIP, address: 172.16.10.11}]}
---
apiVersion: v1
kind: Pod
metadata: {name: web-0, namespace: shop, labels: {app: web}}
spec: {nodeName: w1, containers: [{name: web, image: nginx, ports: [{containerPort: 80}]}]}
status: {phase: Running, podIP: 10.244.1.5}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {type: LoadBalancer, selector: {app: web}, ports: [{port: 80, nodePort: 30080}]}
status: {loadBalancer: {ingress: [{ip: 172.16.255.10}]}}
`;

async function topo(args: string[]) {
  let out = "";
  let err = "";
  const io: CliIo = { out: (t) => (out += t + "\n"), err: (t) => (err += t + "\n"), readFile: (p) => readFile(p, "utf8") };
  const code = await run(args, io);
  return { code, out, err };
}

describe("hcinet topology", () => {
  const file = path.join(dir, "c.yaml");
  writeFileSync(file, CLUSTER);

  it("json: cytoscape elements with the shared ids", async () => {
    const r = await topo(["--file", file, "--load-balancer", "lb1=172.16.10.50", "--api-server-vip", "172.16.255.1"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    const ids = j.elements.nodes.map((n: { data: { id: string } }) => n.data.id);
    expect(ids).toEqual(expect.arrayContaining(["lb:lb1", "vip:172.16.255.10", "vip:172.16.255.1", "node:w1", "pod:shop/web-0", "svc:shop/web", "ext:client"]));
    const edges = j.elements.edges.map((e: { data: { id: string } }) => e.data.id);
    expect(edges).toEqual(expect.arrayContaining(["frontend:lb:lb1->vip:172.16.255.10", "route:vip:172.16.255.10:80->svc:shop/web", "endpoint:svc:shop/web->pod:shop/web-0"]));
  });

  it("dot: a left-to-right digraph", async () => {
    const r = await topo(["--file", file, "--output", "dot"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^digraph /);
    expect(r.out).toContain('"svc:shop/web" -> "pod:shop/web-0"');
  });

  it("--aggregate namespace: one badge per namespace, the node VM folded with its pod count (json and dot)", async () => {
    const r = await topo(["--file", file, "--load-balancer", "lb1", "--aggregate", "namespace"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.summary.aggregate).toBe("namespace");
    const shop = j.elements.nodes.find((n: { data: { id: string } }) => n.data.id === "namespace:shop");
    expect(shop.data).toMatchObject({ kind: "Namespace", pods: 1, services: 1, vips: ["172.16.255.10"] });
    expect(j.elements.nodes.find((n: { data: { id: string } }) => n.data.id === "node:w1").data).toMatchObject({ pods: 1, folded: true });
    const d = await topo(["--file", file, "--load-balancer", "lb1", "--aggregate", "namespace", "--output", "dot"]);
    expect(d.out).toContain('"lb:lb1" -> "namespace:shop"');
    expect(d.out).not.toContain("pod:shop/web-0");
  });

  it("bad input exits 2 with the reason", async () => {
    expect((await topo(["--file", file, "--output", "png"])).code).toBe(2);
    expect((await topo(["--file", file, "--load-balancer", "lb1=nope"])).err).toMatch(/--load-balancer/);
    expect((await topo([])).code).toBe(2);
    writeFileSync(path.join(dir, "bad.yaml"), "kind: Pod\nmetadata: {}\n");
    const bad = await topo(["--file", path.join(dir, "bad.yaml")]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/not valid/);
  });
});
