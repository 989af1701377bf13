// @vitest-environment jsdom
/**
 * A cold load of a cluster page renders the server's HTML, then React hydrates it. The cluster frame (outside the
 * page's Suspense boundary) starts the cluster query; when its answer arrives before React hydrates the boundary, the
 * page inside would render the data where the server's HTML has the loading state: React error #418, the page is
 * re-rendered from scratch and the cold-load journey fails. The hooks in components/data/hooks.ts answer "pending"
 * while hydrating. This test puts the data in the cache before hydration (the answer that came early) and checks
 * that hydration succeeds and the data shows right after.
 */
import { describe, expect, it } from "vitest";
import { createElement as h, Suspense, type ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { hydrateRoot } from "react-dom/client";
import { QueryClient, QueryClientProvider, useQuery as useQueryRaw } from "@tanstack/react-query";
import { clusterKeys, useCluster } from "@/components/data/hooks";
import type { ClusterDto } from "@/lib/api/dto";

type Hook = (name: string) => { data?: unknown; isPending: boolean };

function tree(client: QueryClient, useIt: Hook): ReactNode {
  function Frame({ children }: { children: ReactNode }) {
    const q = useIt("shop");
    return h("div", { "data-frame": q.isPending ? "pending" : "ready" }, children);
  }
  function Detail() {
    const q = useIt("shop");
    return q.data ? h("table", null, h("tbody", null, h("tr", null, h("td", null, "shop")))) : h("p", { role: "status" }, "Loading…");
  }
  return h(QueryClientProvider, { client }, h(Frame, null, h(Suspense, null, h(Detail))));
}

const client = () => new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });

async function hydrateWithEarlyAnswer(useIt: Hook) {
  const html = renderToString(tree(client(), useIt));
  expect(html).toContain("Loading…");
  const container = document.createElement("div");
  container.innerHTML = html;
  document.body.replaceChildren(container);
  const browser = client();
  // the answer to the frame's query arrived before hydration reached the boundary
  browser.setQueryData(clusterKeys.cluster("shop"), { name: "shop" } as unknown as ClusterDto);
  const errors: unknown[] = [];
  const root = hydrateRoot(container, tree(browser, useIt), {
    onRecoverableError: (e) => errors.push(e),
    onUncaughtError: (e) => errors.push(e),
  });
  for (let i = 0; i < 20 && !container.querySelector("table"); i++) await new Promise((r) => setTimeout(r, 10));
  const shown = container.innerHTML;
  root.unmount();
  return { errors, shown };
}

describe("hydration of pages whose data arrives early", () => {
  it("the app's query hooks hydrate the server's loading state, then show the data", async () => {
    const { errors, shown } = await hydrateWithEarlyAnswer((name) => useCluster(name));
    expect(errors).toEqual([]);
    expect(shown).toContain("<td>shop</td>");
    expect(shown).toContain('data-frame="ready"');
  });

  it("React Query's plain useQuery fails hydration in the same situation (what the hooks guard against)", async () => {
    const plain: Hook = (name) => useQueryRaw({ queryKey: clusterKeys.cluster(name), queryFn: () => Promise.reject(new Error("no fetch in this test")) });
    const { errors } = await hydrateWithEarlyAnswer(plain);
    expect(errors.length).toBeGreaterThan(0);
    expect(String(errors[0])).toMatch(/Hydration failed|server rendered/i);
  });
});
