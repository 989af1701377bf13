/**
 * Structured JSON logs (pino): one line per request (request id, method, path, status, duration) and one per
 * unexpected error. `LOG_LEVEL` sets the level (default info; silent under vitest unless LOG_LEVEL is set).
 */
import pino from "pino";

export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.VITEST ? "silent" : "info"),
  base: { service: "hcinet", pid: process.pid },
  timestamp: pino.stdTimeFunctions.isoTime,
});
