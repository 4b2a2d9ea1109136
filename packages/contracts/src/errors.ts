/**
 * The error catalogue of spec/auth-and-api.md ERR-01. The UI translates by `code`, so codes are stable:
 * never rename one, only add (with its HTTP status) before first use (ERR-02).
 */
export const ERROR_STATUS = {
  INVALID_INPUT: 400,
  INVALID_PHONE: 400,
  WEAK_PASSWORD: 400,
  PASSWORD_NOT_SET: 400,
  // MEDIA-021/025 (ERR-02: added before first use).
  BUSINESS_TAG_INVALID: 400,
  CONFIRMATION_REQUIRED: 400,
  // media.md MEDIA-261 as amended by ERRATA 18 (its other rows are the synonyms above and below).
  INVALID_TRANSFORM: 400,
  UNAUTHORIZED: 401,
  SESSION_EXPIRED: 401,
  ADMIN_SESSION_REQUIRED: 401,
  INVALID_CREDENTIALS: 401,
  OTP_INVALID: 401,
  OTP_EXPIRED: 401,
  OTP_ATTEMPTS_EXCEEDED: 401,
  PAYMENT_FAILED: 402,
  FORBIDDEN: 403,
  CONSENT_REQUIRED: 403,
  ACCOUNT_DEACTIVATED: 403,
  ACCOUNT_SUSPENDED: 403,
  ACCOUNT_LOCKED: 403,
  BUSINESS_SUSPENDED: 403,
  NOT_FOUND: 404,
  ACCOUNT_NOT_FOUND: 404,
  // A landing page or filter named a category or region that does not exist or is not active.
  CATEGORY_NOT_FOUND: 404,
  REGION_NOT_FOUND: 404,
  CONFLICT: 409,
  PHONE_ALREADY_REGISTERED: 409,
  EMAIL_ALREADY_USED: 409,
  TERMS_VERSION_OUTDATED: 409,
  ALREADY_MEMBER: 409,
  LAST_OWNER: 409,
  SOLE_OWNER: 409,
  PENDING_FINANCIAL_ITEMS: 409,
  LAST_SUPER_ADMIN: 409,
  SUBDOMAIN_TAKEN: 409,
  BUSINESS_TAG_TAKEN: 409,
  SERVICE_NOT_ACTIVE: 409,
  // ERRATA 18: an out-of-business listing is read-only until it reopens.
  BUSINESS_NOT_EDITABLE: 409,
  MAX_IMAGES_REACHED: 409,
  MEDIA_BUSY: 409,
  SOURCE_MISSING: 409,
  IDEMPOTENCY_CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  // ERRATA 18: a file that cannot be decoded, or is too big or too small in pixels.
  INVALID_IMAGE: 422,
  IMAGE_DIMENSIONS_INVALID: 422,
  RATE_LIMIT_EXCEEDED: 429,
  SERVER_ERROR: 500,
  EXTERNAL_SERVICE_ERROR: 502,
  SERVICE_UNAVAILABLE: 503,
  MEDIA_CONFIG_UNAVAILABLE: 503,
  SERVER_BUSY: 503,
  STORAGE_FULL: 507,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

/** Field-level problem codes of API-05. */
export const FIELD_ERROR_CODES = [
  'required',
  'too_short',
  'too_long',
  'invalid_format',
  'not_allowed',
  'not_unique',
  'out_of_range',
] as const;

export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];

export interface FieldError {
  field: string;
  code: FieldErrorCode;
  /** Which rule failed where one field has several (WEAK_PASSWORD: min_length, uppercase …). */
  rule?: string;
}
