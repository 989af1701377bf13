import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CliIo } from "../cli";
import { SHOP_CALICO } from "../../lib/demo/shop";
import { run as runRoute } from "./route";
import { run as runTrace } from "./trace";

const dir = mkdtempSync(path.join(tmpdir(), "hcinet-trace-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};
async function cli(run: (a: string[], io: CliIo) => Promise<number>, args: string[]) {
  let out = "";
  let err = "";
  const io: CliIo = { out: (t) => (out += t + "\n"), err: (t) => (err += t + "\n"), readFile: (p) => readFile(p, "utf8") };
  return { code: await run(args, io), out, err };
}

const nodeYaml = (name: string, ip: string, cidr: string, cp = false) => `apiVersion: v1
kind: Node
metadata: {name: ${name}, labels: {kubernetes.io/os: linux${cp ? ", node-role.kubernetes.io/control-plane: ''" : ""}}}
spec: {podCIDR: ${cidr}}
status: {addresses: [{type: InternalIP, address: ${ip}}]}
`;
const podYaml = (name: string, app: string, node: string, ip: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: web, labels: {app: ${app}}}
spec: {nodeName: ${node}, containers: [{name: c, image: nginx, ports: [{name: http, containerPort: 8080}]}]}
status: {phase: Running, podIP: ${ip}}
`;
const DUMP = [
  "apiVersion: v1\nkind: Namespace\nmetadata: {name: web}\n",
  nodeYaml("cp-1", "192.168.0.10", "10.244.0.0/24", true),
  nodeYaml("worker-1", "192.168.0.11", "10.244.1.0/24"),
  nodeYaml("worker-2", "192.168.0.12", "10.244.2.0/24"),
  podYaml("site-a", "site", "worker-1", "10.244.1.5"),
  podYaml("site-b", "site", "worker-2", "10.244.2.5"),
  podYaml("client", "client", "worker-1", "10.244.1.6"),
  `apiVersion: v1
kind: Service
metadata: {name: site, namespace: web}
spec:
  type: LoadBalancer
  clusterIP: 10.96.0.20
  selector: {app: site}
  ports: [{name: http, port: 80, targetPort: http, nodePort: 30080}]
status: {loadBalancer: {ingress: [{ip: 192.168.0.150}]}}
`,
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: site-from-nobody, namespace: web}
spec:
  podSelector: {matchLabels: {app: site}}
  policyTypes: [Ingress]
`,
].join("---\n");

describe("hcinet trace", () => {
  const f = file("dump.yaml", DUMP);
  const lb = ["--lb", "lb-1=192.168.0.20"];

  it("external → VIP:port, JSON: the API's shape, addresses hop by hop", async () => {
    const r = await cli(runTrace, ["--file", f, ...lb, "--from", "external", "--to", "192.168.0.150:80", "--plugin", "flannel", "--output", "json"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.verdict).toBe("delivered");
    expect(j.reason).toBeNull();
    // the control plane is no Service backend (exclude-from-external-load-balancers): HAProxy's first backend is worker-1
    expect(j.hops.map((h: { kind: string }) => h.kind)).toEqual(["client", "loadBalancer", "node", "kubeProxy", "pod"]);
    expect(j.hops[1].after).toMatchObject({ src: "192.168.0.20:49152", dst: "192.168.0.11:30080" });
    expect(j.hops[3].after).toMatchObject({ src: "192.168.0.11:49152", dst: "10.244.1.5:8080" });
  });

  it("text: one numbered line per hop with before → after; exit 1 when dropped (Calico enforces the deny-all)", async () => {
    const r = await cli(runTrace, ["--file", f, ...lb, "--from", "web/client", "--to", "site.web:80"]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^ 1\. pod +web\/client/m);
    expect(r.out).toMatch(/ 3\. kubeProxy .*10\.244\.1\.6:49152 → 10\.96\.0\.20:80 {2}⇒ {2}10\.244\.1\.6:49152 → 10\.244\.1\.5:8080/);
    expect(r.out).toMatch(/reason \(policyDenied\): .*web\/site-from-nobody/);
  });

  it("same-network VM under Flannel is refused by the product rule; bad input exits 2 naming the flag", async () => {
    const r = await cli(runTrace, ["--file", f, "--from", "web/client", "--to", "192.168.0.99:22", "--plugin", "flannel", "--network-prefix", "192.168.0.0/24", "-o", "json"]);
    expect(JSON.parse(r.out).reason.code).toBe("sameNetworkUnderFlannel");
    const bad = await cli(runTrace, ["--file", f, "--from", "web/nope", "--to", "site.web:80"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--from: unknown pod "web\/nope"/);
    expect((await cli(runTrace, ["--file", f, "--from", "external"])).code).toBe(2);
  });
});

describe("hcinet route", () => {
  const f = file("shop.yaml", SHOP_CALICO);
  it("host/path → the Ingress, rule and backend (JSON shape of the issue)", async () => {
    const r = await cli(runRoute, ["--file", f, "--host", "shop.contoso.com", "--path", "/catalog/items", "--output", "json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.ingress).toBe("shop/shop");
    expect(j.rule).toMatchObject({ host: "shop.contoso.com", path: "/catalog", pathType: "Prefix" });
    expect(j.backend).toEqual({ service: { name: "catalog", port: { name: "http" } } });
    expect(j.tls).toEqual({ terminated: true, secretName: "shop-tls" });
  });
  it("nothing applies → nulls and exit 1", async () => {
    const r = await cli(runRoute, ["--file", f, "--host", "other.example.com", "--path", "/", "--output", "json"]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ ingress: null, rule: null, backend: null });
  });
  it("text output and bad input", async () => {
    const r = await cli(runRoute, ["--file", f, "--host", "admin.contoso.com", "--path", "/x", "--output", "text"]);
    expect(r.out).toMatch(/admin.contoso.com\/x → Ingress shop\/shop \(class nginx\) rule admin.contoso.com \/ \(Prefix\) → Service admin:80/);
    expect((await cli(runRoute, ["--file", f])).code).toBe(2);
  });
});
