import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CliIo } from "../cli";
import { formatFieldError, formatResult, resourceName, run } from "./apply";

const MANIFEST = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  type: LoadBalancer
  selector: {app: web}
  ports: [{port: 80}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec: {replicas: 2, selector: {matchLabels: {app: api}}, template: {metadata: {labels: {app: api}}, spec: {containers: [{name: api, image: api:1}]}}}
`;

interface Recorded {
  method: string;
  url: string;
  contentType?: string;
  body: string;
}

let server: Server;
let base: string;
let requests: Recorded[] = [];
let lastAuthorization: string | undefined;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Mimics POST /api/clusters/{name}/apply of the hcinet API. */
beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = await readBody(req);
    lastAuthorization = req.headers.authorization;
    requests.push({ method: req.method!, url: req.url!, contentType: req.headers["content-type"], body });
    const url = new URL(req.url!, "http://x");
    const json = (status: number, v: unknown) => {
      res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(v));
    };
    if (req.method !== "POST") return json(405, { error: { code: "method_not_allowed", message: "use POST", fields: [] } });
    switch (url.pathname) {
      case "/api/clusters/shopcalico/apply":
        return json(200, {
          dryRun: url.searchParams.get("dryRun") === "true",
          results: [
            { kind: "Service", namespace: "shop", name: "web", action: "created", allocated: { clusterIP: "10.96.1.5", nodePorts: [30086], loadBalancerIP: "172.16.255.3" } },
            { kind: "Deployment", namespace: "shop", name: "api", action: "configured", allocated: { podIPs: ["10.244.1.4", "10.244.2.7"] } },
            { kind: "NetworkPolicy", apiVersion: "networking.k8s.io/v1", namespace: "shop", name: "deny-all", action: "unchanged" },
            { kind: "Service", apiVersion: "v1", namespace: "shop", name: "api", action: "created", allocated: { clusterIP: "10.96.1.6", nodePorts: [31443], healthCheckNodePort: 32001, loadBalancerIP: "172.16.255.4" } },
          ],
          notModelled: ["ConfigMap shop/settings"],
          warnings: ["namespace shop did not exist and was created"],
        });
      case "/api/clusters/bad/apply":
        return json(422, {
          error: {
            code: "validation_failed",
            message: "the manifests are not valid",
            fields: [
              { path: "spec.ports[1].nodePort", message: "must be in 30000-32767", document: 2, line: 14 },
              { path: "metadata.name", message: "must be a DNS-1035 label", document: 3 },
              { path: "(body)", message: "request body must be YAML" },
            ],
          },
        });
      case "/api/clusters/crash/apply":
        res.writeHead(502, { "content-type": "text/html" });
        return res.end("<html>Bad Gateway</html>");
      case "/api/clusters/garbage/apply":
        return json(200, { hello: "world" });
      default: {
        const name = decodeURIComponent(url.pathname.split("/")[3] ?? "");
        return json(404, { error: { code: "not_found", message: `cluster "${name}" not found`, fields: [] } });
      }
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
  requests = [];
});

async function apply(args: string[], files: Record<string, string> = { "app.yaml": MANIFEST }) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    readFile: async (p) => {
      if (p in files) return files[p];
      throw Object.assign(new Error(`ENOENT: no such file or directory, open '${p}'`), { code: "ENOENT" });
    },
  };
  const code = await run(args, io);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("hcinet apply", () => {
  it("sends HCINET_TOKEN as Authorization: Bearer (and nothing without it)", async () => {
    process.env.HCINET_TOKEN = "hcinet_secret-of-the-ci";
    try {
      expect((await apply(["--server", base, "--cluster", "shopcalico", "-f", "app.yaml"])).code).toBe(0);
      expect(lastAuthorization).toBe("Bearer hcinet_secret-of-the-ci");
    } finally {
      delete process.env.HCINET_TOKEN;
    }
    await apply(["--server", base, "--cluster", "shopcalico", "-f", "app.yaml"]);
    expect(lastAuthorization).toBeUndefined();
    requests = [];
  });

  it("POSTs the file as application/yaml and prints kubectl-style result lines", async () => {
    const r = await apply(["--server", base, "--cluster", "shopcalico", "-f", "app.yaml"]);
    expect(r.code).toBe(0);
    expect(requests).toEqual([{ method: "POST", url: "/api/clusters/shopcalico/apply", contentType: "application/yaml", body: MANIFEST }]);
    expect(r.out.split("\n")).toEqual([
      "service/web created (clusterIP 10.96.1.5, nodePort 30086, loadBalancer 172.16.255.3)",
      "deployment.apps/api configured (podIPs 10.244.1.4 10.244.2.7)",
      "networkpolicy.networking.k8s.io/deny-all unchanged",
      "service/api created (clusterIP 10.96.1.6, nodePort 31443, healthCheckNodePort 32001, loadBalancer 172.16.255.4)",
    ]);
    expect(r.err.split("\n")).toEqual([
      "Warning: namespace shop did not exist and was created",
      "Warning: stored but not modelled by hcinet's network engines: ConfigMap shop/settings",
    ]);
  });

  it("--dry-run adds ?dryRun=true and the (dry run) suffix; -f - reads standard input", async () => {
    const r = await apply(["--server", base, "--cluster", "shopcalico", "-f", "-", "--dry-run"], { "-": MANIFEST });
    expect(r.code).toBe(0);
    expect(requests[0].url).toBe("/api/clusters/shopcalico/apply?dryRun=true");
    expect(requests[0].body).toBe(MANIFEST);
    expect(r.out.split("\n")[0]).toBe("service/web created (clusterIP 10.96.1.5, nodePort 30086, loadBalancer 172.16.255.3) (dry run)");
    expect(r.out.split("\n")[2]).toBe("networkpolicy.networking.k8s.io/deny-all unchanged (dry run)");
  });

  it("422: prints the error and each field with document and line to stderr, exit 1", async () => {
    const r = await apply(["--server", base, "--cluster", "bad", "-f", "app.yaml"]);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err.split("\n")).toEqual([
      "error: the manifests are not valid",
      "document 2, line 14: spec.ports[1].nodePort: must be in 30000-32767",
      "document 3: metadata.name: must be a DNS-1035 label",
      "request body must be YAML",
    ]);
  });

  it("404 for an unknown cluster: exit 1 with the server's message; the cluster name is URL-encoded", async () => {
    const r = await apply(["--server", `${base}/`, "--cluster", "no such", "-f", "app.yaml"]);
    expect(r.code).toBe(1);
    expect(requests[0].url).toBe("/api/clusters/no%20such/apply");
    expect(r.err).toBe('error: cluster "no such" not found');
  });

  it("a non-JSON error page or an unexpected body: exit 1 with the HTTP status", async () => {
    const crash = await apply(["--server", base, "--cluster", "crash", "-f", "app.yaml"]);
    expect(crash.code).toBe(1);
    expect(crash.err).toBe("error: the server answered HTTP 502 Bad Gateway: <html>Bad Gateway</html>");
    const garbage = await apply(["--server", base, "--cluster", "garbage", "-f", "app.yaml"]);
    expect(garbage.code).toBe(1);
    expect(garbage.err).toMatch(/^error: unexpected answer from http:\/\/127\.0\.0\.1:\d+\/api\/clusters\/garbage\/apply: not an apply result$/);
  });

  it("exit 3 when the server cannot be reached, naming the URL and suggesting npm start", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const r = await apply(["--server", `http://127.0.0.1:${port}`, "--cluster", "shopcalico", "-f", "app.yaml"]);
    expect(r.code).toBe(3);
    expect(r.out).toBe("");
    expect(r.err).toContain(`cannot reach the hcinet server at http://127.0.0.1:${port} (ECONNREFUSED)`);
    expect(r.err).toContain("npm start");
  });

  it("exit 2 for bad usage without contacting the server", async () => {
    const noFile = await apply(["--server", base, "--cluster", "shopcalico"]);
    expect(noFile.code).toBe(2);
    expect(noFile.err).toContain("hcinet apply: -f FILE is required");
    expect(noFile.err).toContain("usage: hcinet apply");

    const noCluster = await apply(["--server", base, "-f", "app.yaml"]);
    expect(noCluster.code).toBe(2);
    expect(noCluster.err).toContain("--cluster is required");

    const unreadable = await apply(["--server", base, "--cluster", "shopcalico", "-f", "missing.yaml"]);
    expect(unreadable.code).toBe(2);
    expect(unreadable.err).toBe("hcinet apply: cannot read missing.yaml: ENOENT: no such file or directory, open 'missing.yaml'");

    const empty = await apply(["--server", base, "--cluster", "shopcalico", "-f", "-"], { "-": "  \n" });
    expect(empty.code).toBe(2);
    expect(empty.err).toContain("standard input is empty");

    const badServer = await apply(["--server", "ftp://example", "--cluster", "shopcalico", "-f", "app.yaml"]);
    expect(badServer.code).toBe(2);
    expect(badServer.err).toContain('--server must be an http:// or https:// URL, got "ftp://example"');

    const unknownFlag = await apply(["--clsuter", "x"]);
    expect(unknownFlag.code).toBe(2);
    expect(requests).toEqual([]);
  });

  it("--help prints usage and exits 0", async () => {
    const r = await apply(["--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("usage: hcinet apply --cluster NAME -f FILE");
  });
});

describe("apply formatting helpers", () => {
  it("names resources like kubectl", () => {
    expect(resourceName("Service")).toBe("service");
    expect(resourceName("Deployment")).toBe("deployment.apps");
    expect(resourceName("Ingress")).toBe("ingress.networking.k8s.io");
    expect(resourceName("Widget", "example.com/v1")).toBe("widget.example.com");
    expect(resourceName("ConfigMap", "v1")).toBe("configmap");
  });

  it("formats results and field errors", () => {
    expect(formatResult({ kind: "Pod", name: "p", action: "created", allocated: { podIPs: ["10.244.0.5"] } }, false)).toBe("pod/p created (podIP 10.244.0.5)");
    expect(formatResult({ kind: "Service", name: "s", action: "created", allocated: { clusterIP: "10.96.0.20", nodePorts: [30080, 30443] } }, true)).toBe(
      "service/s created (clusterIP 10.96.0.20, nodePorts 30080 30443) (dry run)",
    );
    expect(formatFieldError({ path: "spec.ports[0].port", message: "required", line: 3 })).toBe("line 3: spec.ports[0].port: required");
  });
});
