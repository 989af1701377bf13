import { describe, expect, it } from "vitest";
import { allocationOwnerRef, frontendMatches, LINK_PARAMS, objectHref, splitRef } from "@/components/ui/links";

describe("object links (components/ui/links.ts)", () => {
  it("builds one deep link per related object, with the parameters the pages read back", () => {
    expect(objectHref({ kind: "network", name: "demonet" })).toBe("/networks/demonet");
    expect(objectHref({ kind: "cluster", cluster: "shopcalico" })).toBe("/clusters/shopcalico");
    expect(objectHref({ kind: "node", cluster: "c", name: "c-linux-0" })).toBe(`/clusters/c?${LINK_PARAMS.node}=c-linux-0`);
    expect(objectHref({ kind: "nodePods", cluster: "c", node: "c-linux-0" })).toBe("/clusters/c/workloads?node=c-linux-0");
    expect(objectHref({ kind: "pod", cluster: "c", namespace: "shop", name: "web-1" })).toBe("/clusters/c/workloads?pod=shop%2Fweb-1");
    expect(objectHref({ kind: "service", cluster: "c", namespace: "shop", name: "frontend" })).toBe("/clusters/c/services?service=shop%2Ffrontend");
    expect(objectHref({ kind: "serviceFrontends", cluster: "c", namespace: "shop", name: "frontend" })).toBe("/clusters/c/haproxy?service=shop%2Ffrontend");
    expect(objectHref({ kind: "frontend", cluster: "c", vip: "172.16.255.3" })).toBe("/clusters/c/haproxy?frontend=172.16.255.3");
    expect(objectHref({ kind: "frontend", cluster: "c", vip: "172.16.255.3", port: 80 })).toBe("/clusters/c/haproxy?frontend=172.16.255.3%3A80");
    expect(objectHref({ kind: "policy", cluster: "c", namespace: "shop", name: "deny" })).toBe("/clusters/c/network-policies?policy=shop%2Fdeny");
    expect(objectHref({ kind: "podPolicies", cluster: "c", namespace: "shop", name: "web-1" })).toBe("/clusters/c/network-policies?pod=shop%2Fweb-1");
    // names with characters that need escaping stay one parameter
    expect(new URL(objectHref({ kind: "pod", cluster: "c", namespace: "a&b", name: "x?y" }), "http://h").searchParams.get("pod")).toBe("a&b/x?y");
  });

  it("reads references and frontend parameters back", () => {
    expect(splitRef("shop/web-1")).toEqual({ namespace: "shop", name: "web-1" });
    expect(splitRef("solo")).toEqual({ namespace: "default", name: "solo" });
    expect(frontendMatches("172.16.255.3", "172.16.255.3", 80)).toBe(true);
    expect(frontendMatches("172.16.255.3:80", "172.16.255.3", 80)).toBe(true);
    expect(frontendMatches("172.16.255.3:443", "172.16.255.3", 80)).toBe(false);
    expect(frontendMatches(null, "172.16.255.3", 80)).toBe(false);
  });

  it("an allocation leads to its owner: node VMs to their row, Service VIPs to the Service, the rest to the cluster", () => {
    expect(allocationOwnerRef({ ownerKind: "worker", ownerName: "c-linux-1", clusterName: "c" })).toEqual({ kind: "node", cluster: "c", name: "c-linux-1" });
    expect(allocationOwnerRef({ ownerKind: "loadbalancer", ownerName: "c-lb-0", clusterName: "c" })).toEqual({ kind: "node", cluster: "c", name: "c-lb-0" });
    expect(allocationOwnerRef({ ownerKind: "service", ownerName: "shop/frontend", clusterName: "c" })).toEqual({ kind: "service", cluster: "c", namespace: "shop", name: "frontend" });
    expect(allocationOwnerRef({ ownerKind: "apiserver", ownerName: "c", clusterName: "c" })).toEqual({ kind: "cluster", cluster: "c" });
    expect(allocationOwnerRef({ ownerKind: "management-node", ownerName: "aks-host", clusterName: null })).toBeNull();
  });
});
