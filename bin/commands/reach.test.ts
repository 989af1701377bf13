import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CliIo } from "../cli";
import { run } from "./reach";

const dir = mkdtempSync(path.join(tmpdir(), "hcinet-reach-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

async function reach(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIo = { out: (t) => (out += t + "\n"), err: (t) => (err += t + "\n"), readFile: (p) => readFile(p, "utf8") };
  const code = await run(args, io);
  return { code, out, err };
}

const CLUSTER = `
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: {team: shop}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec:
  containers:
    - name: web
      image: nginx
      ports: [{name: http, containerPort: 8080}]
status: {podIP: 10.244.1.10}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
spec:
  containers:
    - name: db
      image: postgres
      ports: [{name: pg, containerPort: 5432}]
status: {podIP: 10.244.1.11}
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: ops, labels: {app: client}}
spec:
  containers: [{name: c, image: busybox}]
status: {podIP: 10.244.2.5}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
    - from: [{podSelector: {matchLabels: {app: web}}}]
      ports: [{port: pg}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: dns-only, namespace: ops}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - ports: [{port: 53, protocol: UDP}]
`;

const cluster = file("cluster.yaml", CLUSTER);

describe("hcinet reach", () => {
  it("prints the matrices as JSON: pods sorted, one matrix per port, protocol normalized", async () => {
    const { code, out, err } = await reach(["--file", cluster, "--port", "5432", "--port", "53/udp", "--output", "json"]);
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out.startsWith('{"plugin": "calico", "pods": ["ops/client", "shop/db", "shop/web"], "matrices": {"5432/TCP": [[true, false, false]')).toBe(true);
    expect(JSON.parse(out)).toEqual({
      plugin: "calico",
      pods: ["ops/client", "shop/db", "shop/web"],
      matrices: {
        // client may only send DNS (53/UDP); db admits web on pg (5432/TCP) only.
        "5432/TCP": [
          [true, false, false],
          [true, true, true],
          [true, true, true],
        ],
        "53/UDP": [
          [true, false, true],
          [true, true, true],
          [true, false, true],
        ],
      },
    });
  });

  it("--plugin flannel allows everything", async () => {
    const { code, out } = await reach(["--file", cluster, "--port", "5432/TCP", "--plugin", "flannel", "--output", "json"]);
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result.plugin).toBe("flannel");
    expect(result.matrices["5432/TCP"].flat().every(Boolean)).toBe(true);
  });

  it("prints a readable table by default: rows are sources, columns numbered destinations with a legend", async () => {
    const { code, out } = await reach(["--file", cluster, "--port", "5432"]);
    expect(code).toBe(0);
    expect(out).toBe(
      [
        '5432/TCP (calico: NetworkPolicy enforced); rows: source pods, columns: destination pods; "." allowed, "X" denied',
        "  source      1 2 3",
        "1 ops/client  . X X",
        "2 shop/db     . . .",
        "3 shop/web    . . .",
        "7 of 9 connections allowed (self included)",
        "",
        "destinations:",
        "  1  ops/client",
        "  2  shop/db",
        "  3  shop/web",
        "",
      ].join("\n"),
    );
  });

  it("--explain prints a readable explanation and exits 1 when denied, 0 when allowed", async () => {
    const denied = await reach(["--file", cluster, "--from", "ops/client", "--to", "shop/db", "--port", "5432/TCP", "--explain"]);
    expect(denied.code).toBe(1);
    expect(denied.out).toContain("ops/client → shop/db on 5432/TCP: DENIED");
    expect(denied.out).toContain("egress of ops/client: isolated by ops/dns-only; no rule allows it");
    expect(denied.out).toContain("ingress of shop/db: isolated by shop/db-from-web; no rule allows it");
    const allowed = await reach(["--file", cluster, "--from", "shop/web", "--to", "shop/db", "--port", "5432", "--explain"]);
    expect(allowed.code).toBe(0);
    expect(allowed.out).toContain("ingress of shop/db: isolated by shop/db-from-web; allowed by shop/db-from-web rule 1 peer 1");
  });

  it("--explain --output json prints the explanation object, with wouldBe under flannel", async () => {
    const { code, out } = await reach(["--file", cluster, "--from", "ops/client", "--to", "shop/db", "--port", "5432", "--explain", "--plugin", "flannel", "--output", "json"]);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({
      from: "ops/client",
      to: "shop/db",
      port: "5432/TCP",
      allowed: true,
      enforced: false,
      wouldBe: false,
      ingress: { isolated: true, isolatingPolicies: ["shop/db-from-web"], allowedBy: [] },
      egress: { isolated: true, isolatingPolicies: ["ops/dns-only"], allowedBy: [] },
    });
  });

  describe("bad input exits 2 with a message naming what is wrong", () => {
    it("an invalid object: document, line and field", async () => {
      const bad = file(
        "bad.yaml",
        `apiVersion: v1
kind: Namespace
metadata: {name: x}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny
  namespace: x
spec:
  podSelector: {}
  ingress:
    - ports:
        - protocol: ICMP
`,
      );
      const { code, out, err } = await reach(["--file", bad, "--port", "80", "--output", "json"]);
      expect(code).toBe(2);
      expect(out).toBe("");
      expect(err).toMatch(/document 2 \(line 14\) NetworkPolicy x\/deny: spec\.ingress\[0\]\.ports\[0\]\.protocol: .*ICMP/);
    });

    it("a YAML syntax error", async () => {
      const bad = file("syntax.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: a\n");
      const { code, err } = await reach(["--file", bad, "--port", "80"]);
      expect(code).toBe(2);
      expect(err).toMatch(/document 1 \(line \d+\).*YAML syntax error/);
    });

    it("an unknown pod in --from / --to", async () => {
      const from = await reach(["--file", cluster, "--from", "ops/nope", "--to", "shop/db", "--port", "80", "--explain"]);
      expect(from.code).toBe(2);
      expect(from.err).toContain('--from: no pod "ops/nope"');
      const to = await reach(["--file", cluster, "--from", "ops/client", "--to", "db", "--port", "80", "--explain"]);
      expect(to.code).toBe(2);
      expect(to.err).toContain('--to: no pod "db"');
    });

    it("a bad --port, a missing --port or --file, a bad --plugin or --output", async () => {
      const cases: [string[], RegExp][] = [
        [["--file", cluster, "--port", "80/ICMP"], /--port: invalid port "80\/ICMP"/],
        [["--file", cluster, "--port", "99999"], /1-65535/],
        [["--file", cluster], /at least one --port/],
        [["--port", "80"], /--file is required/],
        [["--file", cluster, "--port", "80", "--plugin", "cilium"], /--plugin must be calico or flannel/],
        [["--file", cluster, "--port", "80", "--output", "yaml"], /--output must be table or json/],
        [["--file", cluster, "--port", "80", "--explain", "--from", "ops/client"], /--explain needs --from NS\/POD and --to NS\/POD/],
        [["--file", cluster, "--port", "80", "--port", "81", "--from", "ops/client", "--to", "shop/db"], /exactly one --port/],
        [["--file", cluster, "--port", "80", "--bogus"], /Unknown option '--bogus'/],
        [["--file", path.join(dir, "missing.yaml"), "--port", "80"], /cannot read/],
      ];
      for (const [args, message] of cases) {
        const { code, err } = await reach(args);
        expect({ args, code }).toEqual({ args, code: 2 });
        expect(err).toMatch(message);
      }
    });
  });

  it("--help prints the usage", async () => {
    const { code, out } = await reach(["--help"]);
    expect(code).toBe(0);
    expect(out).toContain("usage: hcinet reach --file CLUSTER.yaml --port 80/TCP");
  });
});
