/** The API shapes live in lib/api/dto.ts (components import them from there); lib/db builds them. */
export * from "../api/dto";
