import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { parse as parseYaml, parseAllDocuments } from "yaml";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CliIo } from "../cli";
import { formatTable, run } from "./get";

/** What GET /api/clusters/shopcalico/manifests answers: the cluster's objects as multi-document YAML. */
const MANIFESTS = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  type: LoadBalancer
  selector:
    app: web
  clusterIP: 10.96.1.5
  externalTrafficPolicy: Local
  ports:
    - name: http
      port: 80
      nodePort: 30086
    - name: https
      port: 443
      nodePort: 30443
status:
  loadBalancer:
    ingress:
      - ip: 172.16.255.3
---
apiVersion: v1
kind: Service
metadata:
  name: db
  namespace: shop
spec:
  clusterIP: 10.96.1.9
  selector:
    app: db
  ports:
    - port: 5432
---
apiVersion: v1
kind: Service
metadata:
  name: cart
  namespace: shop
spec:
  type: LoadBalancer
  clusterIP: 10.96.1.12
  ports:
    - port: 8080
      nodePort: 30808
      protocol: TCP
---
apiVersion: v1
kind: Pod
metadata:
  name: web-0
  namespace: shop
  labels:
    app: web
spec:
  nodeName: shopcalico-linux-1
  containers:
    - name: web
      image: nginx:1.27
status:
  phase: Running
  podIP: 10.244.1.4
  hostIP: 172.16.10.5
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: api
          image: api:1
status:
  readyReplicas: 2
  updatedReplicas: 2
  availableReplicas: 2
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-all
  namespace: shop
spec:
  podSelector: {}
  policyTypes:
    - Ingress
    - Egress
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: api-pdb
  namespace: shop
spec:
  minAvailable: 1
`;

let server: Server;
let base: string;
let paths: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    paths.push(req.url!);
    const json = (status: number, v: unknown) => {
      res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(v));
    };
    switch (req.url) {
      case "/api/clusters/shopcalico/manifests":
        res.writeHead(200, { "content-type": "text/yaml; charset=utf-8" });
        return res.end(MANIFESTS);
      case "/api/clusters/empty/manifests":
        res.writeHead(200, { "content-type": "text/yaml; charset=utf-8" });
        return res.end("");
      case "/api/clusters/locked/manifests":
        return json(500, { error: { code: "internal", message: "internal error (see the server log)", fields: [] } });
      default:
        return json(404, { error: { code: "not_found", message: `cluster "${req.url!.split("/")[3]}" not found`, fields: [] } });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  paths = [];
});

async function get(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), readFile: async () => "" };
  const code = await run(["--server", base, ...args], io);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("hcinet get", () => {
  it("-o yaml without KIND prints the server's manifests as is", async () => {
    const r = await get("--cluster", "shopcalico", "-o", "yaml");
    expect(r.code).toBe(0);
    expect(paths).toEqual(["/api/clusters/shopcalico/manifests"]);
    expect(r.out).toBe(MANIFESTS);
  });

  it("-o yaml svc keeps only Services, re-serialised as multi-document YAML", async () => {
    for (const alias of ["svc", "services", "service", "Service"]) {
      const r = await get("--cluster", "shopcalico", "-o", "yaml", alias);
      expect(r.code, alias).toBe(0);
      const docs = parseAllDocuments(r.out).map((d) => d.toJS());
      expect(docs.map((d) => `${d.kind} ${d.metadata.namespace}/${d.metadata.name}`)).toEqual(["Service shop/web", "Service shop/db", "Service shop/cart"]);
      expect(docs[0].status.loadBalancer.ingress[0].ip).toBe("172.16.255.3");
    }
  });

  it("-o json prints a kubectl List", async () => {
    const r = await get("--cluster", "shopcalico", "-o", "json", "po,deploy");
    expect(r.code).toBe(0);
    const list = JSON.parse(r.out);
    expect(Object.keys(list)).toEqual(["apiVersion", "items", "kind", "metadata"]);
    expect(list).toMatchObject({ apiVersion: "v1", kind: "List", metadata: { resourceVersion: "" } });
    expect(list.items.map((o: { kind: string; metadata: { name: string } }) => `${o.kind}/${o.metadata.name}`)).toEqual(["Pod/web-0", "Deployment/api"]);
    expect(r.out).toContain('\n    "apiVersion": "v1"');
  });

  it("default output: one kubectl-like table per kind with NAMESPACE NAME KIND and kind columns", async () => {
    const r = await get("--cluster", "shopcalico");
    expect(r.code).toBe(0);
    const tables = r.out.split("\n\n");
    expect(tables.map((t) => t.split("\n")[0].split(/\s{3,}/).slice(0, 4).join(" "))).toEqual([
      "NAMESPACE NAME KIND STATUS",
      "NAMESPACE NAME KIND READY",
      "NAMESPACE NAME KIND TYPE",
      "NAMESPACE NAME KIND READY",
      "NAMESPACE NAME KIND POD-SELECTOR",
      "NAMESPACE NAME KIND",
    ]);
    // kinds without specific columns still get a table
    expect(tables[5]).toBe("NAMESPACE   NAME      KIND\nshop        api-pdb   PodDisruptionBudget");
    const services = tables[2].split("\n");
    expect(services).toEqual([
      "NAMESPACE   NAME   KIND      TYPE           CLUSTER-IP   EXTERNAL-IP    PORT(S)",
      "shop        cart   Service   LoadBalancer   10.96.1.12   <pending>      8080:30808/TCP",
      "shop        db     Service   ClusterIP      10.96.1.9    <none>         5432/TCP",
      "shop        web    Service   LoadBalancer   10.96.1.5    172.16.255.3   80:30086/TCP,443:30443/TCP",
    ]);
    expect(tables[1].split("\n")).toEqual([
      "NAMESPACE   NAME    KIND   READY   STATUS    IP           NODE",
      "shop        web-0   Pod    1/1     Running   10.244.1.4   shopcalico-linux-1",
    ]);
    expect(tables[3]).toContain("shop        api    Deployment   2/2     2            2");
    expect(tables[4]).toContain("deny-all   NetworkPolicy   <none>");
  });

  it("-o wide adds SELECTOR / EXTERNAL-TRAFFIC-POLICY to Services and HOST-IP to Pods", async () => {
    const svc = await get("--cluster", "shopcalico", "-o", "wide", "svc", "web");
    expect(svc.code).toBe(0);
    expect(svc.out.split("\n")).toEqual([
      "NAMESPACE   NAME   KIND      TYPE           CLUSTER-IP   EXTERNAL-IP    PORT(S)                      SELECTOR   EXTERNAL-TRAFFIC-POLICY",
      "shop        web    Service   LoadBalancer   10.96.1.5    172.16.255.3   80:30086/TCP,443:30443/TCP   app=web    Local",
    ]);
    const pods = await get("--cluster", "shopcalico", "-o", "wide", "pods");
    expect(pods.out.split("\n")[0]).toMatch(/NODE\s+HOST-IP\s+LABELS$/);
    expect(pods.out.split("\n")[1]).toMatch(/shopcalico-linux-1\s+172\.16\.10\.5\s+app=web$/);
  });

  it("-n filters by namespace; no match prints 'No resources found' and exits 0", async () => {
    const r = await get("--cluster", "shopcalico", "-n", "kube-system", "svc");
    expect(r.code).toBe(0);
    expect(r.out).toBe("");
    expect(r.err).toBe("No resources found in cluster shopcalico, namespace kube-system.");
    const empty = await get("--cluster", "empty", "-o", "yaml");
    expect(empty.code).toBe(0);
    expect(empty.err).toBe("No resources found in cluster empty.");
    const emptyJson = await get("--cluster", "empty", "-o", "json");
    expect(JSON.parse(emptyJson.out).items).toEqual([]);
  });

  it("a named object that does not exist is an error (exit 1)", async () => {
    const r = await get("--cluster", "shopcalico", "svc", "nope");
    expect(r.code).toBe(1);
    expect(r.err).toBe('error: svc "nope" not found in cluster shopcalico');
  });

  it("404 and 500 answers: error message on stderr, exit 1", async () => {
    const missing = await get("--cluster", "nope");
    expect(missing.code).toBe(1);
    expect(missing.err).toBe('error: cluster "nope" not found');
    const failed = await get("--cluster", "locked", "-o", "json");
    expect(failed.code).toBe(1);
    expect(failed.err).toBe("error: internal error (see the server log)");
  });

  it("exit 3 when the server cannot be reached", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const out: string[] = [];
    const err: string[] = [];
    const code = await run(["--server", `http://127.0.0.1:${port}`, "--cluster", "shopcalico"], {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      readFile: async () => "",
    });
    expect(code).toBe(3);
    expect(err.join("\n")).toMatch(new RegExp(`cannot reach the hcinet server at http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\).*npm start`));
  });

  it("exit 2 for bad usage: no --cluster, bad -o, unknown resource type", async () => {
    const noCluster = await get();
    expect(noCluster.code).toBe(2);
    expect(noCluster.err).toContain("hcinet get: --cluster is required");
    const badOutput = await get("--cluster", "shopcalico", "-o", "xml");
    expect(badOutput.code).toBe(2);
    expect(badOutput.err).toContain('-o must be yaml, json or wide, got "xml"');
    expect(paths).toEqual([]);
    const unknown = await get("--cluster", "shopcalico", "widgets");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('the server doesn\'t have a resource type "widgets"');
  });

  it("accepts plural kind names it has no alias for and kubectl's group-qualified names", async () => {
    const pdb = await get("--cluster", "shopcalico", "-o", "yaml", "poddisruptionbudgets");
    expect(pdb.code).toBe(0);
    expect(parseYaml(pdb.out)).toEqual({ apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "api-pdb", namespace: "shop" }, spec: { minAvailable: 1 } });
    const ns = await get("--cluster", "shopcalico", "-o", "yaml", "ns");
    expect(parseYaml(ns.out)).toEqual({ apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } });
    const netpol = await get("--cluster", "shopcalico", "-o", "json", "networkpolicies.networking.k8s.io");
    expect(JSON.parse(netpol.out).items).toHaveLength(1);
  });
});

describe("formatTable", () => {
  it("pads columns three spaces apart and leaves the last column unpadded", () => {
    expect(formatTable([["A", "BB", "C"], ["aaaa", "b", "cccccc"]])).toBe("A      BB   C\naaaa   b    cccccc");
  });
});
