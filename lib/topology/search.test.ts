import { describe, expect, it } from "vitest";
import { findElements, type El } from "./search";

const el = (id: string, kind: string, name: string, namespace?: string): El => ({ data: { id, kind, name, label: name, ...(namespace ? { namespace } : {}) } });
const nodes = [el("pod:shop/web-1", "Pod", "web-1", "shop"), el("svc:shop/web", "Service", "web", "shop"), el("owner:shop/Deployment/cart", "Owner", "cart", "shop"), el("node:lin-1", "Node", "lin-1")];

describe("topology search", () => {
  it("exact id, then name, then prefix", () => {
    expect(findElements(nodes, "svc:shop/web").matches[0].data.id).toBe("svc:shop/web");
    expect(findElements(nodes, "web").matches[0].data.id).toBe("svc:shop/web");
    expect(findElements(nodes, "shop/web-1").matches[0].data.id).toBe("pod:shop/web-1");
    expect(findElements(nodes, "lin").matches.map((m) => m.data.id)).toEqual(["node:lin-1"]);
  });
  it("a folded pod names the owner to expand", () => {
    expect(findElements(nodes, "cart-5d8f-abcde")).toEqual({ matches: [], ownerToExpand: { owner: "owner:shop/Deployment/cart", podId: "pod:shop/cart-5d8f-abcde" } });
    expect(findElements(nodes, "zzz")).toEqual({ matches: [] });
  });
});
