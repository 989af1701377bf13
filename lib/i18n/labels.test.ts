import { describe, expect, it } from "vitest";
import { clusterAssumptionList } from "@/lib/cluster/bootstrap";
import { assumptionMessage, codeKey } from "./labels";
import { translate } from "./messages";

describe("assumptionMessage", () => {
  const all = [...clusterAssumptionList("calico", 3), ...clusterAssumptionList("flannel", 1)];

  it("every assumption a cluster states has a catalog message (a new or reworded one fails here)", () => {
    expect(all.filter((a) => assumptionMessage(a) === null)).toEqual([]);
  });

  it("the English catalog text is the API's text without its UNCONFIRMED tag, values filled in", () => {
    for (const a of all) {
      const m = assumptionMessage(a)!;
      expect(translate("en", m.key, m.vars)).toBe(a.text.replace(/^UNCONFIRMED:\s*/, ""));
    }
  });

  it("the Japanese text carries the same values", () => {
    const m = assumptionMessage(clusterAssumptionList("calico", 3).find((a) => a.text.includes("HAProxy VMs"))!)!;
    expect(translate("ja", m.key, m.vars)).toContain("3 台の HAProxy VM");
    const dns = assumptionMessage(clusterAssumptionList("calico", 1).find((a) => a.text.includes("cluster DNS"))!)!;
    expect(translate("ja", dns.key, dns.vars)).toContain("10.96.0.10");
    expect(translate("ja", dns.key, dns.vars)).toMatch(/[ぁ-んァ-ヶ]/);
  });

  it("an unknown code is not matched", () => {
    expect(assumptionMessage({ code: "somethingElse" as never })).toBeNull();
  });
});

describe("codeKey", () => {
  it("finds the catalog entry of a stored code, and none for an unknown one", () => {
    expect(codeKey("alloc.role", "upgrade-spare")).toBe("alloc.role.upgrade-spare");
    expect(translate("ja", codeKey("audit.actions", "signin")!)).toBe("サインイン");
    expect(codeKey("audit.actions", "no-such-action")).toBeNull();
  });

  it("every owner kind an allocation can have and every audit action written has a label", () => {
    for (const k of ["management-node", "management-spare", "management-apiserver", "apiserver", "controlplane", "worker", "loadbalancer", "upgrade-spare", "service"])
      expect(codeKey("alloc.role", k), k).not.toBeNull();
    for (const a of ["apply", "create", "delete", "revoke", "scale", "seed-demo", "signin", "signin-failed", "signin-throttled", "signout", "update"])
      expect(codeKey("audit.actions", a), a).not.toBeNull();
  });
});
