import { beforeAll, describe, expect, it } from "vitest";
import { call, useTempDatabase } from "./helpers";

useTempDatabase();
const topology = await import("@/app/api/clusters/[name]/topology/route");
const search = await import("@/app/api/clusters/[name]/topology/search/route");
const objects = await import("@/app/api/clusters/[name]/objects/route");
const { db } = await import("@/lib/db/client");
const { seedDemo } = await import("@/lib/db/seed");

type Match = { id: string; kind: string; name: string; namespace?: string; label: string; containers: string[]; expand: string[]; focus: string };
const find = (query: string, name = "shopcalico") => call(search.GET, { params: { name }, path: `/api/clusters/${name}/topology/search?${query}` });
const drawn = async (query: string) => {
  const r = await call(topology.GET, { params: { name: "shopcalico" }, path: `/api/clusters/shopcalico/topology?${query}` });
  expect(r.status).toBe(200);
  return new Set((r.body.elements.nodes as { data: { id: string } }[]).map((n) => n.data.id));
};

describe("GET /api/clusters/{name}/topology/search", () => {
  beforeAll(async () => {
    await seedDemo(db());
  });

  it("finds every stored pod inside its folded namespace badge; expanding what it names draws the pod", async () => {
    const pods = (await call(objects.GET, { params: { name: "shopcalico" }, path: "/api/clusters/shopcalico/objects?kind=Pod" })).body as { metadata: { name: string; namespace: string } }[];
    expect(pods.length).toBeGreaterThan(0);
    const level = await drawn("aggregate=namespace");
    for (const p of pods) {
      const id = `pod:${p.metadata.namespace}/${p.metadata.name}`;
      expect(level.has(id)).toBe(false);
      const r = await find(`aggregate=namespace&q=${encodeURIComponent(p.metadata.name)}`);
      expect(r.status).toBe(200);
      const m = (r.body.matches as Match[]).find((x) => x.id === id)!;
      expect(m, id).toBeTruthy();
      expect(m.containers[0]).toBe(`namespace:${p.metadata.namespace}`);
      for (const c of m.containers) expect(level.has(c), c).toBe(true);
      expect(m.expand).toContain(`namespace:${p.metadata.namespace}`);
      const after = await drawn(`aggregate=namespace&${m.expand.map((e) => `expand=${encodeURIComponent(e)}`).join("&")}`);
      expect(after.has(m.focus), `${id} after ${m.expand}`).toBe(true);
    }
  });

  it("an element already drawn needs nothing expanded; the list is capped by limit, total counts all", async () => {
    const r = await find("aggregate=none&q=pod:");
    expect(r.status).toBe(200);
    expect(r.body.total).toBeGreaterThan(1);
    const one = await find("aggregate=none&q=pod:&limit=1");
    expect(one.body.matches).toHaveLength(1);
    expect(one.body.total).toBe(r.body.total);
    for (const m of r.body.matches as Match[]) expect(m).toMatchObject({ containers: [], expand: [] });
  });

  it("400 naming the field for a missing query or a bad limit; 404 for an unknown cluster", async () => {
    const none = await find("aggregate=namespace");
    expect(none.status).toBe(400);
    expect(none.body.error.fields.map((f: { path: string }) => f.path)).toContain("q");
    const limit = await find("q=web&limit=500");
    expect(limit.status).toBe(400);
    expect(limit.body.error.fields.map((f: { path: string }) => f.path)).toContain("limit");
    const agg = await find("q=web&aggregate=sideways");
    expect(agg.status).toBe(400);
    expect(agg.body.error.fields.map((f: { path: string }) => f.path)).toContain("aggregate");
    expect((await find("q=web", "nope")).status).toBe(404);
  });
});
