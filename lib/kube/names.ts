/**
 * Name and label syntax rules of Kubernetes (k8s.io/apimachinery/pkg/util/validation). Each `is*` predicate has an
 * `*Errors` companion returning the API server's messages (empty when valid), which `validate.ts` reports.
 */

const DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_LABEL_RE = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*$`);
const DNS1035_LABEL_RE = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_RE = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const IANA_SVC_NAME_RE = /^[-a-z0-9]+$/;
const WILDCARD_DNS1123_SUBDOMAIN_RE = new RegExp(`^\\*\\.${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*$`);

export const DNS1123_LABEL_MAX_LENGTH = 63;
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
export const DNS1035_LABEL_MAX_LENGTH = 63;
export const QUALIFIED_NAME_MAX_LENGTH = 63;
export const LABEL_VALUE_MAX_LENGTH = 63;
export const IANA_SVC_NAME_MAX_LENGTH = 15;

function maxLen(value: string, max: number): string[] {
  return value.length > max ? [`must be no more than ${max} characters`] : [];
}

/** RFC 1123 label (Namespace names, container names): lowercase alphanumerics and '-', alnum at both ends, ≤63. */
export function dns1123LabelErrors(value: string): string[] {
  const errs = maxLen(value, DNS1123_LABEL_MAX_LENGTH);
  if (!DNS1123_LABEL_RE.test(value)) {
    errs.push(
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
    );
  }
  return errs;
}
export const isDns1123Label = (value: string): boolean => dns1123LabelErrors(value).length === 0;

/** RFC 1123 subdomain (most object names, hostnames): dot-separated RFC 1123 labels, ≤253. */
export function dns1123SubdomainErrors(value: string): string[] {
  const errs = maxLen(value, DNS1123_SUBDOMAIN_MAX_LENGTH);
  if (!DNS1123_SUBDOMAIN_RE.test(value)) {
    errs.push(
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
    );
  }
  return errs;
}
export const isDns1123Subdomain = (value: string): boolean => dns1123SubdomainErrors(value).length === 0;

/** RFC 1035 label (Service names): lowercase alphanumerics and '-', starts with a letter, ends alnum, ≤63. */
export function rfc1035LabelErrors(value: string): string[] {
  const errs = maxLen(value, DNS1035_LABEL_MAX_LENGTH);
  if (!DNS1035_LABEL_RE.test(value)) {
    errs.push(
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
    );
  }
  return errs;
}
export const isRfc1035Label = (value: string): boolean => rfc1035LabelErrors(value).length === 0;

/** Wildcard DNS subdomain as Ingress hosts allow: `*.` followed by an RFC 1123 subdomain. */
export function wildcardDns1123SubdomainErrors(value: string): string[] {
  const errs = maxLen(value, DNS1123_SUBDOMAIN_MAX_LENGTH);
  if (!WILDCARD_DNS1123_SUBDOMAIN_RE.test(value)) {
    errs.push(
      "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character",
    );
  }
  return errs;
}

/**
 * IANA_SVC_NAME (RFC 6335), used for container port names, Service port names and named `targetPort`s: at most 15
 * characters, lowercase alphanumerics and '-', at least one letter, no '--', no leading or trailing '-'.
 */
export function ianaSvcNameErrors(value: string): string[] {
  const errs = maxLen(value, IANA_SVC_NAME_MAX_LENGTH);
  if (!IANA_SVC_NAME_RE.test(value)) errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (value.includes("--")) errs.push("must not contain consecutive hyphens");
  if (!/[a-z]/.test(value)) errs.push("must contain at least one letter (a-z)");
  if (value.startsWith("-") || value.endsWith("-")) errs.push("must not begin or end with a hyphen");
  return errs;
}
export const isIanaSvcName = (value: string): boolean => ianaSvcNameErrors(value).length === 0;

/**
 * Qualified name (label and annotation keys): optional DNS-subdomain prefix and '/', then a name of ≤63 characters
 * of alphanumerics, '-', '_' and '.', starting and ending with an alphanumeric.
 */
export function qualifiedNameErrors(value: string): string[] {
  const parts = value.split("/");
  let name: string;
  const errs: string[] = [];
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const [prefix, n] = parts;
    name = n;
    if (prefix.length === 0) errs.push("prefix part must be non-empty");
    else errs.push(...dns1123SubdomainErrors(prefix).map((e) => `prefix part ${e}`));
  } else {
    return [
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) errs.push("name part must be non-empty");
  else if (name.length > QUALIFIED_NAME_MAX_LENGTH) errs.push(`name part must be no more than ${QUALIFIED_NAME_MAX_LENGTH} characters`);
  if (name.length > 0 && !QUALIFIED_NAME_RE.test(name)) {
    errs.push(
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
    );
  }
  return errs;
}
export const isQualifiedLabelKey = (value: string): boolean => qualifiedNameErrors(value).length === 0;

/** Label value: empty, or ≤63 characters of alphanumerics, '-', '_' and '.', alnum at both ends. */
export function labelValueErrors(value: string): string[] {
  const errs = maxLen(value, LABEL_VALUE_MAX_LENGTH);
  if (!LABEL_VALUE_RE.test(value)) {
    errs.push(
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
    );
  }
  return errs;
}
export const isLabelValue = (value: string): boolean => labelValueErrors(value).length === 0;
