/**
 * Translations of the API's error codes (`{"error": {"code", "message", "details"}}`). The server's `message` is
 * English; the UI shows the text of `code` in the user's language, filled with the primitive values of `details`
 * (lists are joined). English keeps the server's own message (it is the most specific); a code missing here falls
 * back to it. `api-errors.test.ts` fails when lib/ or app/api throws a code this catalog lacks.
 * Field messages (`fields[]`) are translated by lib/i18n/problems.ts.
 */
import { format, type Lang } from "./messages";

const en = {
  bad_request: "the request is malformed",
  validation_failed: "the input breaks a rule; see the fields",
  "validation_failed.limit": "the request is over the limit of {max} ({limit})",
  not_found: '{kind} "{name}" not found',
  already_exists: '{kind} "{name}" already exists',
  conflict: "already exists",
  payload_too_large: "request body exceeds the limit of {limit} bytes",
  unsupported_media_type: "this content type is not accepted here",
  method_not_allowed: "this is not an API operation",
  route_not_authorized: "this route is missing from the authorization table",
  cross_site_request: "cross-site write refused",
  unauthenticated: "sign in first",
  forbidden: "your role may not do this",
  internal_error: "an unexpected error occurred; it has been logged on the server",
  management_network_exists: 'network "{otherNetwork}" already hosts the AKS host; a deployment has exactly one AKS host',
  network_overlap: "the network overlaps another network; see the fields",
  network_in_use: "the network is used by cluster(s) {clusters}; remove them first",
  pool_unavailable: 'network "{network}" has no {pool} pool',
  pool_exhausted: 'the {pool} pool of network "{network}" is exhausted: {needed} address(es) needed, {missing} missing',
  last_workers: 'removing node pool "{pool}" would leave cluster "{cluster}" without workers',
  name_taken: 'user "{name}" already exists',
  last_admin: "the last enabled admin cannot be demoted or disabled",
  invalid_credentials: "wrong username or password",
  setup_closed: "this setup link is invalid, expired or already used",
  too_many_attempts: "too many failed sign-ins; try again in {retryAfterSeconds} s",
  store_busy: "the database is busy; nothing was changed, retry shortly",
  store_full: "the database disk is full; nothing was changed",
  store_read_only: "the database cannot be written; nothing was changed",
  store_io: "the database reported an I/O error; nothing was changed, retry shortly",
  store_cancelled: "the request was cancelled; nothing was committed",
  store_deadline: "the request did not finish within its deadline; nothing was committed",
  tool_missing: "a PostgreSQL client tool is missing on the server",
  invalid: "the backup file must not be the database itself",
  invalid_backup: "the file is not a valid hcinet backup",
  http_error: "the server answered with an error",
  bad_response: "the server's answer could not be read",
  aborted: "cancelled",
  network_error: "the server could not be reached",
} as const;

export type ApiErrorCode = keyof typeof en;

const ja: Record<ApiErrorCode, string> = {
  bad_request: "リクエストの形式が正しくありません",
  validation_failed: "入力が規則に合っていません。各項目の問題を確認してください",
  "validation_failed.limit": "リクエストが上限 {max}（{limit}）を超えています",
  not_found: "{kind} \"{name}\" が見つかりません",
  already_exists: "{kind} \"{name}\" は既に存在します",
  conflict: "既に存在します",
  payload_too_large: "リクエスト本文が上限の {limit} バイトを超えています",
  unsupported_media_type: "この Content-Type はここでは受け付けられません",
  method_not_allowed: "この API 操作はありません",
  route_not_authorized: "このルートは認可表にありません",
  cross_site_request: "別サイトからの書き込みは拒否されました",
  unauthenticated: "先にサインインしてください",
  forbidden: "あなたのロールではこの操作はできません",
  internal_error: "予期しないエラーが発生しました。サーバーに記録されています",
  management_network_exists: "ネットワーク \"{otherNetwork}\" が既に AKS ホストを載せています。デプロイ内の AKS ホストは 1 つだけです",
  network_overlap: "ほかのネットワークとアドレスが重なっています。各項目の問題を確認してください",
  network_in_use: "このネットワークはクラスター {clusters} が使用中です。先にそれらを削除してください",
  pool_unavailable: "ネットワーク \"{network}\" には {pool} プールがありません",
  pool_exhausted: "ネットワーク \"{network}\" の {pool} プールが枯渇しています。必要 {needed} 個のうち {missing} 個が足りません",
  last_workers: "ノード プール \"{pool}\" を削除するとクラスター \"{cluster}\" にワーカーがいなくなります",
  name_taken: "ユーザー \"{name}\" は既に存在します",
  last_admin: "最後の有効な管理者は降格も無効化もできません",
  invalid_credentials: "ユーザー名またはパスワードが違います",
  setup_closed: "このセットアップ リンクは無効か、期限切れか、使用済みです",
  too_many_attempts: "サインインの失敗が多すぎます。{retryAfterSeconds} 秒後にもう一度試してください",
  store_busy: "データベースが混み合っています。何も変更されていません。少し待ってから再試行してください",
  store_full: "データベースのディスクがいっぱいです。何も変更されていません",
  store_read_only: "データベースに書き込めません。何も変更されていません",
  store_io: "データベースが I/O エラーを報告しました。何も変更されていません。少し待ってから再試行してください",
  store_cancelled: "リクエストは取り消されました。何も確定されていません",
  store_deadline: "リクエストが制限時間内に終わりませんでした。何も確定されていません",
  tool_missing: "サーバーに PostgreSQL のクライアント ツールがありません",
  invalid: "バックアップ ファイルにデータベースそのものは指定できません",
  invalid_backup: "このファイルは hcinet の有効なバックアップではありません",
  http_error: "サーバーがエラーを返しました",
  bad_response: "サーバーの応答を読み取れませんでした",
  aborted: "取り消しました",
  network_error: "サーバーに接続できませんでした",
};

/** English words the server puts into `details`, in Japanese. */
const TERMS: Record<string, string> = {
  network: "ネットワーク",
  cluster: "クラスター",
  "node pool": "ノード プール",
  user: "ユーザー",
  token: "トークン",
  pod: "Pod",
  vip: "VIP",
  node: "k8s ノード IP",
};

export const apiErrorCatalogs: Record<Lang, Record<ApiErrorCode, string>> = { en, ja };

export function isApiErrorCode(code: unknown): code is ApiErrorCode {
  return typeof code === "string" && Object.prototype.hasOwnProperty.call(en, code);
}

/** The text of one API error in `lang` (English: the server's message; unknown code: the server's message). */
export function apiErrorText(lang: Lang, e: { code?: string; message: string; details?: Record<string, unknown> }): string {
  if (lang === "en" || !isApiErrorCode(e.code)) return e.message;
  const key: ApiErrorCode = e.code === "validation_failed" && e.details && "limit" in e.details ? "validation_failed.limit" : e.code;
  const vars: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(e.details ?? {})) {
    if (typeof v === "string") vars[k] = TERMS[v] ?? v;
    else if (typeof v === "number") vars[k] = v;
    else if (Array.isArray(v) && v.every((x) => typeof x === "string" || typeof x === "number")) vars[k] = v.join(", ");
  }
  // a value the server did not send is left out rather than shown as "{name}"
  return format(apiErrorCatalogs[lang][key], vars).replace(/\s*"?\{\w+\}"?\s*/g, " ").trim();
}
