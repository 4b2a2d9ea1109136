/** INT-002: what the rest of the product knows about DNS; Cloudflare details stay behind it. */

/** INT-410: every record the app manages carries this comment; everything else is managed by hand. */
export const MANAGED_COMMENT_PREFIX = 'tafuta:business:';

export const managedComment = (businessId: string): string => `${MANAGED_COMMENT_PREFIX}${businessId}`;

export interface DnsRecord {
  id: string;
  type: string;
  /** Fully qualified: `doreen.tafuta.ke`. */
  name: string;
  content: string;
  proxied: boolean;
  ttl: number;
  comment: string | null;
  createdOn: string | null;
  modifiedOn: string | null;
}

/**
 * `retryable`: 429, 5xx, the connection (INT-022 schedule); `blocked`: a record of another type holds the
 * name (81053/81054, a manual record in the way); `auth`: the token is wrong (9109/10000); `permanent`:
 * anything else the provider refused. Only `retryable` is worth repeating.
 */
export type DnsFailureKind = 'retryable' | 'blocked' | 'auth' | 'permanent';

export class DnsProviderError extends Error {
  constructor(
    readonly kind: DnsFailureKind,
    message: string,
    readonly details: { httpStatus: number | null; codes: number[] } = { httpStatus: null, codes: [] },
  ) {
    super(message);
    this.name = 'DnsProviderError';
  }

  get retryable(): boolean {
    return this.kind === 'retryable';
  }
}

export interface DesiredRecord {
  name: string;
  content: string;
  proxied: boolean;
  ttl: number;
  comment: string;
}

export type EnsureAction = 'created' | 'adopted' | 'patched' | 'unchanged';

export interface DnsProvider {
  readonly name: 'cloudflare';
  /** The zone apex, which is also the CNAME target (SITE_APEX_DOMAIN). */
  readonly apexDomain: string;
  /** `{label}.{apex}`. */
  hostnameOf(label: string): string;
  /** INT-400 start-up check: true when the token is active. */
  verifyToken(): Promise<boolean>;
  /** The CNAME with exactly this fully qualified name, if any. */
  findRecord(hostname: string): Promise<DnsRecord | null>;
  /** Every CNAME carrying the `tafuta:business:` comment (INT-422). */
  listManagedRecords(): Promise<DnsRecord[]>;
  createRecord(record: DesiredRecord): Promise<DnsRecord>;
  patchRecord(id: string, fields: Partial<DesiredRecord>): Promise<DnsRecord>;
  deleteRecord(id: string): Promise<void>;
  /** INT-420 "Ensure": the proxied CNAME `{label}.{apex}` → apex exists, whatever was there before. */
  ensureRecord(label: string, businessId: string): Promise<{ record: DnsRecord; action: EnsureAction }>;
  /** Deletes a record; one that is already gone counts as deleted (INT-023). */
  removeRecord(id: string): Promise<void>;
}
