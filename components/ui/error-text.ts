/**
 * What the UI says about a failed request, in the user's language: the API error's `code` through
 * lib/i18n/api-errors.ts, each field problem's `code` through lib/i18n/problems.ts; the server's English text only for
 * codes the catalogs do not know.
 */
import { ApiError } from "@/components/data/api";
import { apiErrorText } from "@/lib/i18n/api-errors";
import type { Lang } from "@/lib/i18n/messages";
import { problemText } from "@/lib/i18n/problems";

export function errorText(lang: Lang, error: unknown): string {
  if (error instanceof ApiError) return apiErrorText(lang, error);
  // fetch() itself failed (server down, connection refused): the browser's English text is no help in Japanese
  if (error instanceof TypeError) return apiErrorText(lang, { code: "network_error", message: error.message });
  return error instanceof Error ? error.message : String(error);
}

export function fieldText(lang: Lang, f: { message: string; code?: string; vars?: Record<string, string | number> }): string {
  return problemText(lang, f);
}

/** "path: text · path: text" for an error's fields, or the error's own text when it names none. */
export function errorWithFields(lang: Lang, error: unknown): string {
  if (error instanceof ApiError && error.fields.length) return error.fields.map((f) => `${f.path}: ${fieldText(lang, f)}`).join(" · ");
  return errorText(lang, error);
}
