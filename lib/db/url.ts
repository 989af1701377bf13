/** The database URL: DATABASE_URL, or the embedded SQLite file under ./data/. Relative paths resolve against the cwd. */
export const DEFAULT_DATABASE_URL = "file:./data/hcinet.db";
export function databaseUrl(): string {
  return process.env.DATABASE_URL && process.env.DATABASE_URL.trim() !== "" ? process.env.DATABASE_URL : DEFAULT_DATABASE_URL;
}
