import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CliIo } from "../cli";
import { run } from "./reach";

const dir = mkdtempSync(path.join(tmpdir(), "hcinet-reach-calico-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function reach(args: string[], text: string): Promise<{ code: number; out: string; err: string }> {
  const file = path.join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  let out = "";
  let err = "";
  const io: CliIo = { out: (t) => (out += t + "\n"), err: (t) => (err += t + "\n"), readFile: (p) => readFile(p, "utf8") };
  const code = await run(["--file", file, ...args], io);
  return { code, out, err };
}

const pod = (name: string, labels: string, ip: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: app, labels: {${labels}}}
spec: {containers: [{name: c, image: x, ports: [{name: http, containerPort: 80}]}]}
status: {podIP: ${ip}}
`;

/** A security tier that denies blue and passes everything else to the default tier, where a k8s policy admits web. */
const CLUSTER = [
  "apiVersion: v1\nkind: Namespace\nmetadata: {name: app}\n",
  pod("db", "role: db", "10.244.0.2"),
  pod("web", "role: web", "10.244.0.3"),
  pod("blue", "color: blue", "10.244.0.4"),
  "apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: security}\nspec: {order: 100}\n",
  `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: security.blue}
spec:
  tier: security
  order: 10
  selector: role == 'db'
  ingress:
    - {action: Deny, source: {selector: "color == 'blue'"}}
    - {action: Pass}
`,
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-web, namespace: app}
spec:
  podSelector: {matchLabels: {role: db}}
  ingress: [{from: [{podSelector: {matchLabels: {role: web}}}]}]
`,
].join("---\n");

describe("hcinet reach with Calico v3 policies", () => {
  it("--plugin calico enforces the tiers: blue denied in the security tier, web passed on and admitted by the k8s policy", async () => {
    const r = await reach(["--port", "80/TCP", "--output", "json"], CLUSTER);
    expect(r.code).toBe(0);
    const m = JSON.parse(r.out);
    expect(m.pods).toEqual(["app/blue", "app/db", "app/web"]);
    expect(m.matrices["80/TCP"]).toEqual([
      [true, false, true],
      [true, true, true],
      [true, true, true],
    ]);
  });

  it("--plugin flannel enforces nothing", async () => {
    const r = await reach(["--port", "80", "--plugin", "flannel", "--output", "json"], CLUSTER);
    expect(JSON.parse(r.out).matrices["80/TCP"].flat().every(Boolean)).toBe(true);
  });

  it("--explain names the tier, the policy and the rule, including a pass to the next tier", async () => {
    const denied = await reach(["--from", "app/blue", "--to", "app/db", "--port", "80", "--explain", "--output", "json"], CLUSTER);
    expect(denied.code).toBe(1);
    const e = JSON.parse(denied.out);
    expect(e.calico.ingress).toMatchObject({ allowed: false, by: "rule", tier: "security", policy: "security.blue", rule: 0, action: "Deny" });
    expect(e.reason).toContain("denied by security.blue rule 0 (Deny) in tier security");
    const allowed = await reach(["--from", "app/web", "--to", "app/db", "--port", "80", "--explain"], CLUSTER);
    expect(allowed.code).toBe(0);
    expect(allowed.out).toContain("allowed by k8s:app/db-from-web");
    const json = JSON.parse((await reach(["--from", "app/web", "--to", "app/db", "--port", "80", "--explain", "--output", "json"], CLUSTER)).out);
    expect(json.calico.ingress.passed).toEqual([{ tier: "security", policy: "security.blue", rule: 1 }]);
  });

  it("a bad selector exits 2 naming document, line and field", async () => {
    const r = await reach(["--port", "80"], CLUSTER.replace("selector: role == 'db'", "selector: role = 'db'"));
    expect(r.code).toBe(2);
    expect(r.err).toContain("spec.selector");
    expect(r.err).toMatch(/expected an operator/);
  });
});
