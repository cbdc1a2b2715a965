// The input checks GCP makes where a wrong value would otherwise pass silently in a test double: names, role and
// member formats, and that an IAM member's service account exists. Each returns the reason, or undefined.

/** The engine's placeholder for a value not known yet (preview): nothing to check. */
export const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';
export const isUnknown = (value: unknown) => value === UNKNOWN;

// https://cloud.google.com/storage/docs/buckets#naming (the dotted form up to 222 characters is not used here).
export function bucketNameProblem(name: string): string | undefined {
  if (!/^[a-z0-9][a-z0-9_.-]{1,61}[a-z0-9]$/.test(name)) return `bucket name "${name}": 3-63 of a-z, 0-9, "-", "_", ".", starting and ending with a letter or digit`;
  if (name.startsWith('goog') || name.includes('google')) return `bucket name "${name}" must not start with "goog" or contain "google"`;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return `bucket name "${name}" must not be an IP address`;
  return undefined;
}

// iam.serviceAccounts.create: "accountId must be 6-30 characters, lowercase letters, digits or hyphens, starting
// with a letter and not ending with a hyphen" (https://cloud.google.com/iam/docs/service-accounts-create).
export function accountIdProblem(accountId: string): string | undefined {
  return /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(accountId) ? undefined : `accountId "${accountId}" must match ^[a-z][a-z0-9-]{4,28}[a-z0-9]$ (6-30 characters)`;
}

// Predefined roles are roles/x.y; custom roles projects/P/roles/R or organizations/O/roles/R.
export function roleProblem(role: string): string | undefined {
  return /^(roles\/[a-zA-Z0-9_.]+|(projects|organizations)\/[^/]+\/roles\/[a-zA-Z0-9_.]+)$/.test(role) ? undefined : `role "${role}" is not roles/NAME or projects|organizations/ID/roles/NAME`;
}

// https://cloud.google.com/iam/docs/principal-identifiers (the kinds this stack could use).
export function memberProblem(member: string): string | undefined {
  if (member === 'allUsers' || member === 'allAuthenticatedUsers') return undefined;
  if (/^(user|serviceAccount|group):[^@\s]+@[^@\s]+\.[a-z]+$/.test(member) || /^domain:[a-z0-9.-]+$/.test(member)) return undefined;
  if (/^principal(Set)?:\/\/\S+$/.test(member)) return undefined;
  return `member "${member}" is not user:EMAIL, serviceAccount:EMAIL, group:EMAIL, domain:DOMAIN, allUsers or allAuthenticatedUsers`;
}

/** The project number Google would assign, stable per project id (service agent emails carry it). */
export function projectNumber(project: string): string {
  let hash = 0n;
  for (const char of project) hash = (hash * 131n + BigInt(char.charCodeAt(0))) % 900_000_000_000n;
  return String(100_000_000_000n + hash);
}
