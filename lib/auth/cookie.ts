/** The session cookie: HTTP-only, SameSite=Lax, Secure when the request came over HTTPS. */
export function sessionCookie(name: string, value: string, req: Request, maxAgeSeconds: number): string {
  const https = new URL(req.url).protocol === "https:" || req.headers.get("x-forwarded-proto") === "https";
  return `${name}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}${https ? "; Secure" : ""}`;
}

/** The client address for rate limiting: the first X-Forwarded-For entry (Next's server sets it), else "local". */
export function clientAddress(req: Request): string {
  const xff = req.headers.get("x-forwarded-for");
  const first = xff?.split(",")[0]?.trim();
  return (first || req.headers.get("x-real-ip") || "local").slice(0, 64);
}
