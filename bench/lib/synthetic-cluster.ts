/**
 * Deterministic synthetic clusters for the policy benchmark: namespaces labelled team/env, deployments with realistic
 * labels (app, tier, version, pod-template-hash) and named container ports, and a mix of NetworkPolicies of the kinds
 * found in real clusters (default-deny, same-namespace allow, namespace selectors, pod selectors with matchExpressions,
 * ipBlocks with except, named ports, DNS egress).
 */
import { mulberry32 } from "../../lib/kube/workloads";
import { emptySnapshot, type ClusterSnapshot, type Namespace, type NetworkPolicy, type NetworkPolicySpec, type Pod } from "../../lib/kube/types";

/** The seedable PRNG of workload expansion (same seed → same cluster). */
export const prng = mulberry32;

const TIERS = ["web", "api", "db", "cache", "worker"] as const;
type Tier = (typeof TIERS)[number];
const TIER_PORTS: Record<Tier, { name: string; containerPort: number; protocol?: "TCP" | "UDP" }[]> = {
  web: [{ name: "http", containerPort: 8080 }],
  api: [{ name: "http", containerPort: 8080 }, { name: "metrics", containerPort: 9090 }],
  db: [{ name: "pg", containerPort: 5432 }],
  cache: [{ name: "redis", containerPort: 6379 }],
  worker: [{ name: "metrics", containerPort: 9090 }],
};
const ENVS = ["prod", "staging", "dev"];

export interface SyntheticOptions {
  pods: number;
  policies: number;
  /** Average pods per namespace (namespaces = pods / podsPerNamespace). */
  podsPerNamespace?: number;
  seed?: number;
}

export interface SyntheticCluster {
  snapshot: ClusterSnapshot;
  /** Deployments per namespace: app name and tier (to write extra policies against). */
  apps: Map<string, { app: string; tier: Tier }[]>;
}

/**
 * Build a cluster of exactly `pods` pods and `policies` NetworkPolicies. Pod IPs are allocated sequentially from
 * 10.244.0.0/14; `kube-system` holds the DNS pods and `ingress-nginx` the ingress controller.
 */
export function syntheticCluster(opts: SyntheticOptions): SyntheticCluster {
  const random = prng(opts.seed ?? 42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const perNamespace = opts.podsPerNamespace ?? 50;
  const namespaceCount = Math.max(1, Math.round(opts.pods / perNamespace));
  const teams = Math.max(2, Math.round(namespaceCount / 4));

  const namespaces: Namespace[] = [];
  const pods: Pod[] = [];
  const apps = new Map<string, { app: string; tier: Tier }[]>();
  let ipCounter = 0;
  const nextIp = () => {
    const n = 0x0af40000 + ++ipCounter; // 10.244.0.0 + counter
    return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  };
  const addPod = (ns: string, name: string, labels: Record<string, string>, tier: Tier) =>
    pods.push({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name, namespace: ns, labels },
      spec: { containers: [{ name: tier, image: `registry.local/${tier}:1`, ports: TIER_PORTS[tier] }] },
      status: { podIP: nextIp(), phase: "Running" },
    });

  for (const [name, labels] of [
    ["kube-system", { "team": "platform", "env": "prod" }],
    ["ingress-nginx", { "team": "platform", "env": "prod" }],
  ] as const) {
    namespaces.push({ apiVersion: "v1", kind: "Namespace", metadata: { name, labels: { ...labels } } });
  }
  addPod("kube-system", "coredns-0", { "k8s-app": "kube-dns" }, "worker");
  addPod("kube-system", "coredns-1", { "k8s-app": "kube-dns" }, "worker");
  addPod("ingress-nginx", "controller-0", { "app.kubernetes.io/name": "ingress-nginx" }, "web");

  let remaining = opts.pods - pods.length;
  for (let i = 0; i < namespaceCount && remaining > 0; i++) {
    const ns = `team${i % teams}-${ENVS[i % ENVS.length]}-${i}`;
    namespaces.push({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns, labels: { team: `team${i % teams}`, env: ENVS[i % ENVS.length] } } });
    const target = i === namespaceCount - 1 ? remaining : Math.min(remaining, Math.round(perNamespace * (0.5 + random())));
    const list: { app: string; tier: Tier }[] = [];
    let placed = 0;
    for (let d = 0; placed < target; d++) {
      const tier = TIERS[d % TIERS.length];
      const app = `${tier}-${d}`;
      const version = random() < 0.8 ? "v1" : "v2";
      const hash = Math.floor(random() * 0xfffff).toString(16);
      list.push({ app, tier });
      const replicas = Math.min(target - placed, 1 + Math.floor(random() * 8));
      for (let r = 0; r < replicas; r++) {
        addPod(ns, `${app}-${hash}-${r}`, { app, tier, version, "pod-template-hash": hash }, tier);
      }
      placed += replicas;
    }
    remaining -= placed;
    apps.set(ns, list);
  }

  const policies: NetworkPolicy[] = [];
  const nsNames = [...apps.keys()];
  const make = (ns: string, name: string, spec: NetworkPolicySpec) =>
    policies.push({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace: ns }, spec });
  for (let k = 0; policies.length < opts.policies; k++) {
    const ns = nsNames[k % nsNames.length];
    const round = Math.floor(k / nsNames.length);
    const deployment = pick(apps.get(ns)!);
    const name = `p${round}-${deployment.app}`;
    const own = { matchLabels: { app: deployment.app } };
    switch (round % 8) {
      case 0: // default deny ingress for the namespace
        make(ns, `default-deny-${round}`, { podSelector: {}, policyTypes: ["Ingress"] });
        break;
      case 1: // web/api tiers of the same namespace may call the deployment on its named port
        make(ns, name, {
          podSelector: own,
          ingress: [
            {
              from: [{ podSelector: { matchExpressions: [{ key: "tier", operator: "In", values: ["web", "api"] }] } }],
              ports: [{ port: TIER_PORTS[deployment.tier][0].name }],
            },
          ],
        });
        break;
      case 2: // the ingress controller may reach web pods
        make(ns, name, {
          podSelector: { matchLabels: { tier: "web" } },
          ingress: [
            {
              from: [
                {
                  namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } },
                  podSelector: { matchLabels: { "app.kubernetes.io/name": "ingress-nginx" } },
                },
              ],
              ports: [{ port: 8080 }],
            },
          ],
        });
        break;
      case 3: // same team, any environment but dev, on a port range
        make(ns, name, {
          podSelector: own,
          ingress: [
            {
              from: [{ namespaceSelector: { matchLabels: { team: `team${Math.floor(random() * teams)}` }, matchExpressions: [{ key: "env", operator: "NotIn", values: ["dev"] }] } }],
              ports: [{ port: 8000, endPort: 9100 }],
            },
          ],
        });
        break;
      case 4: // egress lock-down with DNS to kube-system and the namespace itself
        make(ns, name, {
          podSelector: own,
          policyTypes: ["Egress"],
          egress: [
            { to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }], ports: [{ port: 53, protocol: "UDP" }, { port: 53, protocol: "TCP" }] },
            { to: [{ podSelector: {} }] },
          ],
        });
        break;
      case 5: // corporate network, except a quarantine range
        make(ns, name, {
          podSelector: own,
          ingress: [{ from: [{ ipBlock: { cidr: "10.244.0.0/16", except: [`10.244.${Math.floor(random() * 40)}.0/24`] } }] }],
        });
        break;
      case 6: // monitoring scrapes the metrics port of everything in the namespace
        make(ns, name, {
          podSelector: { matchExpressions: [{ key: "tier", operator: "Exists" }] },
          ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: "platform" } } }], ports: [{ port: "metrics" }] }],
        });
        break;
      default: // a specific caller in another namespace (both selectors in one peer)
        make(ns, name, {
          podSelector: own,
          ingress: [
            {
              from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": pick(nsNames) } }, podSelector: { matchLabels: { tier: pick(TIERS) } } }],
            },
          ],
        });
    }
  }

  const snapshot: ClusterSnapshot = { ...emptySnapshot(`synthetic-${opts.pods}`), namespaces, pods, networkPolicies: policies };
  return { snapshot, apps };
}
