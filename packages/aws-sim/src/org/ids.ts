/**
 * The simulated organisation's fixed identifiers. None is an id AWS's documentation uses in its
 * examples (123456789012, 111122223333, 444455556666, …), so an example copied from the AWS docs
 * never collides with the simulator's own accounts.
 */

/** The management account: default credentials act here. */
export const MANAGEMENT_ACCOUNT_ID = '583914027365';

/** Member accounts, in order; SIM_ACCOUNTS beyond 1 + this list's length get derived ids. */
export const MEMBER_ACCOUNT_IDS: readonly string[] = ['720461938152', '841275063918', '462091837504', '935160284726'];

/** An account of the organisation that is SUSPENDED (listed by ListAccounts, never reachable). */
export const SUSPENDED_ACCOUNT_ID = '369205817740';

/** An account outside the organisation that shares AMIs with it. */
export const PARTNER_ACCOUNT_ID = '915730264081';

/** An account outside the organisation that the seeded AMIs are shared with. */
export const EXTERNAL_GRANTEE_ACCOUNT_ID = '274019583620';

export const ORGANIZATION_ID = 'o-fg4kz7w2qp';
export const ORGANIZATION_ARN = `arn:aws:organizations::${MANAGEMENT_ACCOUNT_ID}:organization/${ORGANIZATION_ID}`;
/** One organizational unit (AMIs are shared with it). */
export const BUILD_OU_ARN = `arn:aws:organizations::${MANAGEMENT_ACCOUNT_ID}:ou/${ORGANIZATION_ID}/ou-fg4k-8m3xq2vd`;

/** The n-th member account id (0-based): the fixed list first, then derived 12-digit ids. */
export function memberAccountId(n: number): string {
  if (n < MEMBER_ACCOUNT_IDS.length) return MEMBER_ACCOUNT_IDS[n];
  // 5xx… ids from a simple bijection of n: stable, distinct, never a documentation example.
  return String(500_000_000_000 + ((n * 7_919_117) % 99_999_999_999)).padStart(12, '0');
}
