/**
 * Signs in once as the admin the e2e server creates from HCINET_ADMIN_PASSWORD and saves the session cookie, so every
 * journey (and its `request` fixture) runs signed in by default. Role journeys open their own contexts.
 */
import { request, type FullConfig } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { E2E_ADMIN_PASSWORD, ADMIN_STATE } from "./auth-env";

export default async function globalSetup(config: FullConfig) {
  const baseURL = config.projects[0].use.baseURL!;
  const ctx = await request.newContext({ baseURL });
  const res = await ctx.post("/api/auth/signin", { data: { username: "admin", password: E2E_ADMIN_PASSWORD } });
  if (!res.ok()) throw new Error(`e2e sign-in as admin failed: ${res.status()} ${await res.text()}`);
  mkdirSync("tmp", { recursive: true });
  await ctx.storageState({ path: ADMIN_STATE });
  await ctx.dispose();
}
