import { route } from "@/lib/api/handler";
import { badRequest } from "@/lib/errors";
import { db } from "@/lib/db/client";
import { auditCsv, listAudit } from "@/lib/db/audit";

export const dynamic = "force-dynamic";

const MAX = 5000;

/** ?actor=&object=&action=&from=ISO&to=ISO&limit=(≤ 5000, default 500)&format=csv — newest first. */
export const GET = route(async ({ url }) => {
  const q = (k: string) => url.searchParams.get(k)?.trim() || undefined;
  const date = (k: string) => {
    const v = q(k);
    if (v === undefined) return undefined;
    const d = new Date(v);
    if (Number.isNaN(d.getTime())) throw badRequest(`${k} must be a date/time (ISO 8601)`, [{ path: k, message: "must be a date/time (ISO 8601)" }]);
    return d;
  };
  const limit = Number(q("limit") ?? 500);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX) throw badRequest(`limit must be 1–${MAX}`, [{ path: "limit", message: `must be an integer from 1 to ${MAX}` }]);
  const rows = await listAudit(db(), { actor: q("actor"), object: q("object"), action: q("action"), from: date("from"), to: date("to"), limit });
  if (q("format") === "csv")
    return new Response(auditCsv(rows), { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": 'attachment; filename="hcinet-audit.csv"' } });
  return rows;
});
