import { describe, expect, it } from "vitest";
import { apiGroupOf, isKubernetesGroup, kindOfStoredKind, storedKind } from "./kinds";

describe("storedKind: kubectl's resource.group, so groups never share a key", () => {
  it("keeps the plain kind for Kubernetes' own groups", () => {
    expect(storedKind("v1", "Service")).toBe("Service");
    expect(storedKind("apps/v1", "Deployment")).toBe("Deployment");
    expect(storedKind("networking.k8s.io/v1", "NetworkPolicy")).toBe("NetworkPolicy");
    expect(storedKind("rbac.authorization.k8s.io/v1", "Role")).toBe("Role");
  });
  it("qualifies every other group", () => {
    expect(storedKind("projectcalico.org/v3", "NetworkPolicy")).toBe("NetworkPolicy.projectcalico.org");
    expect(storedKind("projectcalico.org/v3", "GlobalNetworkPolicy")).toBe("GlobalNetworkPolicy.projectcalico.org");
    expect(storedKind("crd.projectcalico.org/v1", "IPPool")).toBe("IPPool.crd.projectcalico.org");
    expect(storedKind("cert-manager.io/v1", "Certificate")).toBe("Certificate.cert-manager.io");
  });
  it("reads groups and kinds back", () => {
    expect(apiGroupOf("v1")).toBe("");
    expect(apiGroupOf("projectcalico.org/v3")).toBe("projectcalico.org");
    expect(isKubernetesGroup("batch")).toBe(true);
    expect(isKubernetesGroup("projectcalico.org")).toBe(false);
    expect(kindOfStoredKind("NetworkPolicy.projectcalico.org")).toBe("NetworkPolicy");
    expect(kindOfStoredKind("Pod")).toBe("Pod");
  });
});
