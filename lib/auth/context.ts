/**
 * The principal of the request being served, carried through async calls (AsyncLocalStorage), so the audit log names
 * the actor without every domain function taking it as a parameter.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Principal } from "./roles";

const storage = new AsyncLocalStorage<Principal | null>();

export function runAs<T>(principal: Principal | null, fn: () => T): T {
  return storage.run(principal, fn);
}

export function currentPrincipal(): Principal | null {
  return storage.getStore() ?? null;
}

export function currentActor(): string | undefined {
  return storage.getStore()?.actor;
}
