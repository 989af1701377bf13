import { describe, expect, it } from "vitest";
import { catalogs, translate, type Lang, type MessageKey } from "../i18n/messages";
import type { ClusterSnapshot, KubeObject } from "../kube/types";
import { explainWithCalico, type CalicoAwareExplanation } from "./api";
import { calicoPolicyListing } from "./calico/listing";
import type { CalicoRule } from "./calico/types";
import { namespace, netpol, pod, snapshot } from "./fixtures.test-helper";
import { policySummary } from "./posture";
import { calicoRuleText, explanationReason, peerText, type Translate } from "./words";

const t = (lang: Lang): Translate => (key, vars) => translate(lang, key, vars);

const calico = (kind: string, name: string, spec: Record<string, unknown>, ns?: string): KubeObject => ({ apiVersion: "projectcalico.org/v3", kind, metadata: { name, ...(ns ? { namespace: ns } : {}) }, spec });

/** A shop: a platform tier (order 100) that denies web → data, logs and passes the rest; a k8s policy admits api → db. */
function shop(plugin: "calico" | "flannel" = "calico", withCalico = true): ClusterSnapshot {
  const base = snapshot(
    {
      namespaces: [namespace("shop", { team: "shop" }), namespace("data", { team: "data" }), namespace("ops")],
      pods: [
        pod("shop/web", { labels: { tier: "web" }, ip: "10.244.1.2" }),
        pod("shop/api", { labels: { tier: "api" }, ip: "10.244.1.3" }),
        pod("data/db", { labels: { app: "db" }, ip: "10.244.2.2", ports: [{ name: "pg", containerPort: 5432 }] }),
        pod("ops/probe", { labels: { app: "probe" }, ip: "10.244.3.2" }),
      ],
      policies: [netpol("data/db-from-api", { podSelector: { matchLabels: { app: "db" } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: "shop" } }, podSelector: { matchLabels: { tier: "api" } } }] }] })],
    },
    plugin,
  );
  if (!withCalico) return base;
  return {
    ...base,
    others: [
      calico("Tier", "platform", { order: 100 }),
      calico("GlobalNetworkPolicy", "platform.guard-data", {
        tier: "platform",
        order: 10,
        selector: "projectcalico.org/namespace == 'data'",
        ingress: [
          { action: "Deny", source: { namespaceSelector: "team == 'shop'", selector: "tier == 'web'" } },
          { action: "Log", source: { selector: "app == 'probe'" } },
          { action: "Pass", source: { namespaceSelector: "team == 'shop'" } },
        ],
      }),
      calico("Tier", "quarantine", { order: 200, defaultAction: "Pass" }),
      calico("NetworkPolicy", "quarantine.ops", { tier: "quarantine", selector: "all()", egress: [{ action: "Pass" }] }, "ops"),
    ],
  };
}

const IDENTIFIERS = /k8s:data\/db-from-api|data\/db-from-api|shop\/web|shop\/api|data\/db|ops\/probe|platform\.guard-data|ops\/quarantine\.ops|quarantine|platform|default|\d+\/TCP|Calico|Flannel|NetworkPolicy|Kubernetes|\((?:Allow|Deny|Log|Pass)\)/g;

function explanations(): CalicoAwareExplanation[] {
  const out: CalicoAwareExplanation[] = [];
  for (const s of [shop("calico"), shop("flannel"), shop("calico", false), shop("flannel", false)]) {
    for (const [a, b] of [["shop/web", "data/db"], ["shop/api", "data/db"], ["ops/probe", "data/db"], ["ops/probe", "shop/web"], ["shop/web", "shop/api"], ["shop/web", "shop/web"]]) {
      out.push(explainWithCalico(s, a, b, { port: 5432, protocol: "TCP" }));
    }
  }
  return out;
}

describe("explanations in words", () => {
  const all = explanations();

  it("cover every kind of Calico decision and both plugins (so the checks below are not vacuous)", () => {
    const by = new Set(all.flatMap((e) => (e.calico ? [e.calico.egress.by, e.calico.ingress.by] : [])));
    expect([...by].sort()).toEqual(["noPolicy", "passedOutOfLastTier", "rule", "tierDefault"]);
    expect(all.some((e) => e.calico?.ingress.logged.length)).toBe(true);
    expect(all.some((e) => !e.enforced)).toBe(true);
    expect(all.some((e) => !e.calico && e.allowed === false)).toBe(true);
  });

  it("every sentence exists in Japanese: no English word is left once the names are taken out", () => {
    for (const e of all) {
      const ja = explanationReason(e, t("ja"));
      expect(ja).not.toMatch(/\{\w+\}/);
      expect({ e: `${e.from}→${e.to}`, rest: ja.replace(IDENTIFIERS, "").match(/[A-Za-z]{3,}/g) }).toEqual({ e: `${e.from}→${e.to}`, rest: null });
      expect(explanationReason(e, t("en"))).not.toBe(ja);
    }
  });

  it("names the tier, policy and rule that decided, and the passes to the next tier", () => {
    const find = (plugin: string, from: string, to: string) => all.find((e) => e.calico && (e.enforced ? "calico" : "flannel") === plugin && e.from === from && e.to === to)!;
    const en = t("en");
    expect(explanationReason(find("calico", "shop/web", "data/db"), en)).toBe(
      "shop/web → data/db on 5432/TCP is denied under Calico's tiers: the ingress of the destination is denied by platform.guard-data rule 1 (Deny) in tier platform.",
    );
    const api = explanationReason(find("calico", "shop/api", "data/db"), en);
    expect(api).toContain("allowed by the Kubernetes policy k8s:data/db-from-api (order 1000 in tier default), after being passed to the next tier by platform.guard-data rule 3 (tier platform)");
    expect(explanationReason(find("calico", "ops/probe", "data/db"), en)).toContain("denied by the default action of tier platform");
    expect(explanationReason(find("calico", "ops/probe", "data/db"), en)).toContain("(logged by platform.guard-data rule 2)");
    expect(explanationReason(find("calico", "ops/probe", "shop/web"), en)).toContain("the egress of the source is allowed: passed to the next tier by ops/quarantine.ops rule 1 (tier quarantine) and no later tier applies");
    expect(explanationReason(find("calico", "ops/probe", "shop/web"), t("ja"))).toContain("次のティアへ渡され");
    expect(explanationReason(find("flannel", "shop/web", "data/db"), en)).toMatch(/^shop\/web → data\/db on 5432\/TCP is allowed: Flannel enforces no policy\. Under Calico's tiers it would be denied/);
    const k8s = all.find((e) => !e.calico && e.enforced && e.from === "shop/web" && e.to === "data/db")!;
    expect(explanationReason(k8s, en)).toBe("shop/web → data/db on 5432/TCP is denied: ingress to data/db is isolated by data/db-from-api and no ingress rule admits shop/web on 5432/TCP.");
    expect(explanationReason(k8s, t("ja"))).toBe("shop/web → data/db (5432/TCP) は拒否されます: data/db のイングレスは data/db-from-api によって分離されており、5432/TCP で shop/web を許可するイングレス ルールがありません。");
  });
});

describe("policies in words", () => {
  it("Calico rules: every field, in both languages", () => {
    const rules: CalicoRule[] = [
      { action: "Allow", protocol: "TCP", source: { selector: "tier == 'web'", namespaceSelector: "team == 'shop'" }, destination: { ports: [5432, "8000:8080", "pg"] } },
      { action: "Deny", notProtocol: "UDP", source: { notSelector: "has(trusted)", nets: ["10.0.0.0/8"], notNets: ["10.1.0.0/16"] }, destination: { notPorts: [22] } },
      { action: "Log", source: { serviceAccounts: { names: ["api"], selector: "role == 'x'" } } },
      { action: "Pass" },
    ];
    const en = rules.map((r) => calicoRuleText(r, "shop", t("en")));
    expect(en[0]).toBe("Allow TCP traffic from pods matching tier == 'web'; in namespaces matching team == 'shop' to ports 5432, 8000:8080, pg.");
    expect(en[1]).toBe("Deny traffic other than UDP from any pod except those matching has(trusted); in namespace shop; addresses in 10.0.0.0/8; addresses outside 10.1.0.0/16 to ports other than 22.");
    expect(en[3]).toBe("Pass to the next tier traffic of any protocol from anywhere to anywhere.");
    for (const r of rules) {
      const ja = calicoRuleText(r, "shop", t("ja"));
      expect(ja.replace(/'[^']*'|has\(\w+\)|[\w.:/-]*\d[\w.:/-]*|\b(?:TCP|UDP|tier|team|role|shop|api|pg)\b/g, "").match(/[A-Za-z]{3,}/g)).toBeNull();
    }
    expect(calicoRuleText(rules[0], "shop", t("ja"))).toBe("tier == 'web' に一致するポッド、team == 'shop' に一致する名前空間内 から ポート 5432, 8000:8080, pg への TCP 通信: 許可。");
  });

  it("Kubernetes peers carry their parts, told in both languages", () => {
    const s = shop("calico", false);
    const words = policySummary(s).flatMap((p) => p.ingress.flatMap((r) => r.peers.map((x) => x.words)));
    expect(words).toEqual([{ kind: "pods", pods: "tier=api", namespaceSelector: "team=shop" }]);
    expect(peerText(words[0], t("en"))).toBe("pods tier=api in namespaces team=shop");
    expect(peerText(words[0], t("ja"))).toBe("名前空間 team=shop のポッド tier=api");
    expect(peerText({ kind: "ipBlock", cidr: "10.0.0.0/8", except: ["10.1.0.0/16"] }, t("ja"))).toBe("10.0.0.0/8 のアドレス (10.1.0.0/16 を除く)");
    expect(peerText({ kind: "pods", pods: "all", namespace: "shop" }, t("en"))).toBe("every pod in namespace shop");
  });

  it("the words' catalog entries all have Japanese", () => {
    const keys = (Object.keys(catalogs.en) as MessageKey[]).filter((k) => /^policies\.(words|calico|reason)\./.test(k));
    expect(keys.length).toBeGreaterThan(60);
    for (const k of keys) expect(catalogs.ja[k], k).toBeTruthy();
  });
});

describe("Calico policy listing", () => {
  it("tiers in order with their policies in order, the pods each selects, and the Kubernetes policies at order 1000 in default", () => {
    const tiers = calicoPolicyListing(shop());
    expect(tiers.map((x) => [x.name, x.order, x.defaultAction])).toEqual([["platform", 100, "Deny"], ["quarantine", 200, "Pass"], ["default", 1_000_000, "Deny"]]);
    expect(tiers[0].policies).toMatchObject([{ key: "platform.guard-data", kind: "GlobalNetworkPolicy", order: 10, types: ["Ingress"], selectedPods: ["data/db"] }]);
    expect(tiers[1].policies).toMatchObject([{ key: "ops/quarantine.ops", kind: "NetworkPolicy", namespace: "ops", order: null, types: ["Egress"], selectedPods: ["ops/probe"] }]);
    expect(tiers[2].policies).toMatchObject([{ key: "k8s:data/db-from-api", kind: "KubernetesNetworkPolicy", order: 1000, selectedPods: ["data/db"] }]);
    expect(calicoPolicyListing(shop("calico", false))).toEqual([]);
  });
});
