import { expect, type APIRequestContext } from "@playwright/test";

/** Deletes the network `name` and its clusters through the API, if it exists. */
export async function dropNetwork(request: APIRequestContext, name: string) {
  const old = await request.get(`/api/networks/${name}`);
  if (!old.ok()) return;
  for (const c of ((await old.json()) as { clusters: string[] }).clusters) await request.delete(`/api/clusters/${c}`);
  await request.delete(`/api/networks/${name}`);
}

/** A new, empty network `name` on 10.`third`.0.0/24 (node pool .10–.99, VIP pool .200–.250), replacing any old one. */
export async function freshNetwork(request: APIRequestContext, name: string, third: number) {
  await dropNetwork(request, name);
  const res = await request.post("/api/networks", {
    data: {
      name,
      vswitchName: "extSwitch",
      ipAddressPrefix: `10.${third}.0.0/24`,
      gateway: `10.${third}.0.1`,
      dnsServers: [`10.${third}.0.1`],
      k8sNodeIpPoolStart: `10.${third}.0.10`,
      k8sNodeIpPoolEnd: `10.${third}.0.99`,
      vipPoolStart: `10.${third}.0.200`,
      vipPoolEnd: `10.${third}.0.250`,
    },
  });
  expect(res.status(), await res.text()).toBe(201);
}
