import { describe, expect, it } from "vitest";
import { portPresets } from "@/components/policies/model";
import type { Pod } from "@/lib/kube/types";

const pod = (name: string, ports: number[], hostNetwork = false): Pod =>
  ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "x" },
    spec: { hostNetwork, containers: [{ name: "c", ports: ports.map((containerPort) => ({ containerPort })) }] },
  }) as unknown as Pod;

describe("Policies page default port", () => {
  it("opens on the apps' port, not on a host-network agent's (calico-node BGP 179/TCP on every node)", () => {
    const pods = [pod("calico-node-1", [179], true), pod("calico-node-2", [179], true), pod("calico-node-3", [179], true), pod("web-1", [8080]), pod("web-2", [8080]), pod("db", [5432])];
    const presets = portPresets(pods);
    expect(presets[0].port).toBe("8080/TCP");
    expect(presets.map((p) => p.port)).not.toContain("179/TCP");
  });
  it("falls back to common ports", () => {
    expect(portPresets([])[0].port).toBe("80/TCP");
  });
});
