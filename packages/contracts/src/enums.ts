/** USR-15: stored language codes are ISO 639; EN/SW/KK/KY are display labels only. */
export const LANGUAGES = ['en', 'sw', 'kam', 'ki'] as const;
export type Language = (typeof LANGUAGES)[number];

export const USER_STATUSES = ['active', 'deactivated', 'suspended', 'deleted'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export const VERIFICATION_TIERS = ['unverified', 'basic', 'verified', 'premium'] as const;
export type VerificationTier = (typeof VERIFICATION_TIERS)[number];
