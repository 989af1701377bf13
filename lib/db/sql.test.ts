import { describe, expect, it } from "vitest";
import { ROWS_PER_INSERT, Sql } from "./sql";
import type { Tx } from "./objects";

describe("Sql.insertMany / deleteIn pacing", () => {
  it("awaits the request's step between the statements of a large insert or delete (not before the first)", async () => {
    const statements: string[] = [];
    const tx = { $executeRawUnsafe: async (sql: string) => (statements.push(sql), 1) } as unknown as Tx;
    const sql = new Sql("postgresql");
    const order: string[] = [];
    const step = () => {
      order.push(`step after ${statements.length}`);
      return undefined;
    };
    const rows = Array.from({ length: ROWS_PER_INSERT * 2 + 1 }, (_, i) => [i, `n${i}`]);
    await sql.insertMany(tx, "T", ["a", "b"], rows, undefined, step);
    expect(statements).toHaveLength(3);
    expect(order).toEqual(["step after 1", "step after 2"]);
    statements.length = 0;
    order.length = 0;
    await sql.deleteIn(tx, `DELETE FROM "T" WHERE "x" = ?`, [1], `"a"`, rows.map((r) => r[0]), step);
    expect(statements).toHaveLength(3);
    expect(order).toEqual(["step after 1", "step after 2"]);
  });
});
