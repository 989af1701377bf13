import { describe, expect, it } from "vitest";
import type { ClusterSnapshot, KubeObject, Pod } from "../../kube/types";
import { namespace, netpol, pod, snapshot } from "../fixtures.test-helper";
import { reachabilityMatrix } from "../matrix";
import { calicoMatrix, calicoPolicyTypes, CalicoModel } from "./evaluate";
import type { CalicoPolicySpec } from "./types";

const np = (key: string, spec: CalicoPolicySpec): KubeObject => {
  const [ns, name] = key.split("/");
  return { apiVersion: "projectcalico.org/v3", kind: "NetworkPolicy", metadata: { name, namespace: ns }, spec };
};
const gnp = (name: string, spec: CalicoPolicySpec): KubeObject => ({ apiVersion: "projectcalico.org/v3", kind: "GlobalNetworkPolicy", metadata: { name }, spec });
const tier = (name: string, order?: number, defaultAction?: "Deny" | "Pass"): KubeObject => ({
  apiVersion: "projectcalico.org/v3",
  kind: "Tier",
  metadata: { name },
  spec: { ...(order !== undefined ? { order } : {}), ...(defaultAction ? { defaultAction } : {}) },
});

function cluster(others: KubeObject[], extra: { pods?: Pod[]; policies?: ReturnType<typeof netpol>[] } = {}): CalicoModel {
  const pods = extra.pods ?? [
    pod("app/frontend", { labels: { role: "frontend" }, ip: "10.244.1.2", ports: [{ name: "http", containerPort: 8080 }] }),
    pod("app/database", { labels: { role: "database", color: "red" }, ip: "10.244.1.3", ports: [{ name: "redis", containerPort: 6379 }] }),
    pod("app/blue", { labels: { color: "blue" }, ip: "10.244.1.4" }),
    pod("other/frontend", { labels: { role: "frontend" }, ip: "10.244.2.2" }),
  ];
  const s: ClusterSnapshot = { ...snapshot({ namespaces: [namespace("app", { team: "app" }), namespace("other", { team: "other" })], pods, policies: extra.policies ?? [] }), others };
  return new CalicoModel(s);
}

describe("Calico policy evaluation (the documentation's examples)", () => {
  it("GS allow-tcp-6379: role == 'database' admits role == 'frontend' on 6379/TCP; everything else to it is denied", () => {
    const m = cluster([
      np("app/allow-tcp-6379", {
        selector: "role == 'database'",
        types: ["Ingress", "Egress"],
        ingress: [{ action: "Allow", protocol: "TCP", source: { selector: "role == 'frontend'" }, destination: { ports: [6379] } }],
        egress: [{ action: "Allow" }],
      }),
    ]);
    expect(m.verdict("app/frontend", "app/database", "6379/TCP")).toMatchObject({ allowed: true, ingress: { by: "rule", policy: "app/allow-tcp-6379", rule: 0, action: "Allow" }, egress: { by: "noPolicy" } });
    expect(m.verdict("app/frontend", "app/database", "6380/TCP").ingress).toMatchObject({ allowed: false, by: "tierDefault", tier: "default" });
    expect(m.verdict("app/frontend", "app/database", "6379/UDP").allowed).toBe(false);
    // a namespaced selector in a rule stays in the policy's namespace
    expect(m.verdict("other/frontend", "app/database", "6379/TCP").allowed).toBe(false);
    expect(m.verdict("app/database", "app/blue", "80/TCP")).toMatchObject({ allowed: true, egress: { by: "rule", action: "Allow" } });
  });

  it("GS deny-blue: a policy that only denies blue still drops everything else to red (tier default deny)", () => {
    const m = cluster([np("app/deny-blue", { selector: "color == 'red'", ingress: [{ action: "Deny", protocol: "TCP", source: { selector: "color == 'blue'" } }] })]);
    expect(m.verdict("app/blue", "app/database", "80/TCP").ingress).toMatchObject({ allowed: false, by: "rule", action: "Deny", policy: "app/deny-blue" });
    expect(m.verdict("app/frontend", "app/database", "80/TCP").ingress).toMatchObject({ allowed: false, by: "tierDefault" });
    expect(m.verdict("app/frontend", "app/blue", "80/TCP")).toMatchObject({ allowed: true, ingress: { by: "noPolicy" } });
  });

  it("Kubernetes policies are order 1000 in the default tier: a Calico Deny before them wins, a Calico Allow after a k8s default deny still allows", () => {
    const k8sAllow = netpol("app/allow-frontend", { podSelector: { matchLabels: { role: "database" } }, ingress: [{ from: [{ podSelector: { matchLabels: { role: "frontend" } } }] }] });
    const denyFirst = cluster([np("app/deny-all", { order: 100, selector: "role == 'database'", ingress: [{ action: "Deny" }] })], { policies: [k8sAllow] });
    expect(denyFirst.verdict("app/frontend", "app/database", "6379/TCP").ingress).toMatchObject({ allowed: false, by: "rule", policy: "app/deny-all" });
    const allowAfter = cluster([np("app/deny-late", { order: 2000, selector: "role == 'database'", ingress: [{ action: "Deny" }] })], { policies: [k8sAllow] });
    expect(allowAfter.verdict("app/frontend", "app/database", "6379/TCP").ingress).toMatchObject({ allowed: true, policy: "k8s:app/allow-frontend" });
    expect(allowAfter.verdict("app/blue", "app/database", "6379/TCP").ingress).toMatchObject({ allowed: false, by: "rule", policy: "app/deny-late" });
    const k8sDefaultDeny = netpol("app/default-deny", { podSelector: {}, policyTypes: ["Ingress"] });
    const lateAllow = cluster([np("app/allow-blue", { selector: "role == 'database'", ingress: [{ action: "Allow", source: { selector: "color == 'blue'" } }] })], { policies: [k8sDefaultDeny] });
    expect(lateAllow.verdict("app/blue", "app/database", "80/TCP")).toMatchObject({ allowed: true, ingress: { policy: "app/allow-blue" } }); // no order: last, after the k8s policy
    expect(lateAllow.verdict("app/frontend", "app/database", "80/TCP").ingress).toMatchObject({ allowed: false, by: "tierDefault" });
  });

  it("Pass skips the rest of the tier and the k8s policies; out of the last tier → allowed; Log goes on", () => {
    const k8sDefaultDeny = netpol("app/default-deny", { podSelector: {}, policyTypes: ["Ingress"] });
    const m = cluster(
      [
        tier("security", 100),
        np("app/security.pass-frontend", { tier: "security", order: 1, selector: "all()", ingress: [{ action: "Log" }, { action: "Pass", source: { selector: "role == 'frontend'" } }, { action: "Deny", source: { selector: "color == 'blue'" } }] }),
      ],
      { policies: [k8sDefaultDeny] },
    );
    const pass = m.verdict("app/frontend", "app/database", "80/TCP").ingress;
    // passed to the default tier, where the k8s default deny applies: default tier's default action
    expect(pass).toMatchObject({ allowed: false, by: "tierDefault", tier: "default", passed: [{ tier: "security", policy: "app/security.pass-frontend", rule: 1 }], logged: [{ tier: "security", rule: 0 }] });
    expect(m.verdict("app/blue", "app/database", "80/TCP").ingress).toMatchObject({ allowed: false, by: "rule", tier: "security", rule: 2 });
    // the same without the k8s policy: nothing applies after the pass → allowed
    const m2 = cluster([tier("security", 100), np("app/security.pass-all", { tier: "security", selector: "all()", ingress: [{ action: "Pass" }] })]);
    expect(m2.verdict("app/blue", "app/database", "80/TCP").ingress).toMatchObject({ allowed: true, by: "passedOutOfLastTier" });
  });

  it("a tier whose default action is Pass hands on to the next tier; tiers and policies by order, missing order last, ties by name", () => {
    const m = cluster([
      tier("b-first", 10, "Pass"),
      np("app/b-first.nothing", { tier: "b-first", selector: "role == 'database'", ingress: [{ action: "Deny", source: { selector: "role == 'nobody'" } }] }),
      gnp("zz-allow", { selector: "role == 'database'", ingress: [{ action: "Allow" }] }),
      gnp("aa-deny", { selector: "role == 'database'", ingress: [{ action: "Deny" }] }),
    ]);
    // b-first passes by default; in the default tier both GNPs lack an order → by name: aa-deny first
    expect(m.verdict("app/frontend", "app/database", "80/TCP").ingress).toMatchObject({ allowed: false, policy: "aa-deny", passed: [{ tier: "b-first" }] });
    const ordered = cluster([gnp("zz-allow", { order: 5, selector: "role == 'database'", ingress: [{ action: "Allow" }] }), gnp("aa-deny", { selector: "role == 'database'", ingress: [{ action: "Deny" }] })]);
    expect(ordered.verdict("app/frontend", "app/database", "80/TCP").ingress).toMatchObject({ allowed: true, policy: "zz-allow" });
  });

  it("types: egress rules only → Egress only; a declared type without rules isolates that direction", () => {
    expect(calicoPolicyTypes({ egress: [{ action: "Allow" }] })).toEqual(["Egress"]);
    expect(calicoPolicyTypes({})).toEqual(["Ingress"]);
    expect(calicoPolicyTypes({ ingress: [{ action: "Allow" }], egress: [{ action: "Allow" }] })).toEqual(["Ingress", "Egress"]);
    const m = cluster([np("app/db-egress", { selector: "role == 'database'", types: ["Egress"] })]);
    expect(m.verdict("app/database", "app/frontend", "80/TCP").egress).toMatchObject({ allowed: false, by: "tierDefault" });
    expect(m.verdict("app/frontend", "app/database", "80/TCP").allowed).toBe(true);
  });

  it("GlobalNetworkPolicy namespaceSelector, rule namespaceSelector, serviceAccounts, nets, named ports, notPorts, protocol numbers", () => {
    const pods = [
      pod("app/frontend", { labels: { role: "frontend" }, ip: "10.244.1.2" }),
      { ...pod("app/database", { labels: { role: "database" }, ip: "10.244.1.3", ports: [{ name: "redis", containerPort: 6379 }] }), spec: { serviceAccountName: "db", containers: [{ name: "c", ports: [{ name: "redis", containerPort: 6379 }] }] } } as Pod,
      pod("other/frontend", { labels: { role: "frontend" }, ip: "10.244.2.2" }),
    ];
    const m = cluster(
      [
        gnp("db-only-from-app", {
          selector: "role == 'database'",
          namespaceSelector: "team == 'app'",
          serviceAccountSelector: "projectcalico.org/name == 'db'",
          ingress: [
            { action: "Deny", protocol: 6, destination: { notPorts: ["6000:7000"] } },
            { action: "Allow", protocol: "TCP", source: { namespaceSelector: "team == 'other'", nets: ["10.244.2.0/24"] }, destination: { ports: ["redis"] } },
            { action: "Allow", notProtocol: "TCP", source: { serviceAccounts: { names: ["default"] } } },
          ],
        }),
      ],
      { pods },
    );
    expect(m.verdict("other/frontend", "app/database", "6379/TCP").ingress).toMatchObject({ allowed: true, rule: 1 });
    expect(m.verdict("app/frontend", "app/database", "6379/TCP").ingress).toMatchObject({ allowed: false, by: "tierDefault" }); // wrong namespace for rule 1
    expect(m.verdict("app/frontend", "app/database", "80/TCP").ingress).toMatchObject({ allowed: false, by: "rule", rule: 0 }); // outside 6000:7000
    expect(m.verdict("app/frontend", "app/database", "53/UDP").ingress).toMatchObject({ allowed: true, rule: 2 }); // UDP from SA default
    expect(m.verdict("other/frontend", "app/frontend", "80/TCP").allowed).toBe(true); // not selected
  });
});

describe("with Kubernetes policies only, Calico's model agrees with the engine", () => {
  it("on the upstream model's default-deny and allow-from-namespace policies", () => {
    const pods = ["x/a", "x/b", "y/a"].map((k, i) => pod(k, { labels: { pod: k.split("/")[1] }, ip: `10.0.0.${i + 1}` }));
    const policies = [
      netpol("x/deny", { podSelector: {}, policyTypes: ["Ingress"] }),
      netpol("x/allow-y", { podSelector: { matchLabels: { pod: "a" } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: "y" } } }] }] }),
    ];
    const s = snapshot({ namespaces: [namespace("x", { ns: "x" }), namespace("y", { ns: "y" })], pods, policies });
    const spec = { port: 80, protocol: "TCP" as const };
    expect(calicoMatrix(new CalicoModel(s), spec)).toEqual(reachabilityMatrix(s, [spec]).matrices["80/TCP"]);
  });
});
