import { z } from 'zod';
import { WEEKDAYS, type Weekday } from './weekdays.js';
import { LANGUAGES, type Language } from './enums.js';

export { WEEKDAYS, type Weekday } from './weekdays.js';

/**
 * `businesses.content_json`, schema version 1 (spec/ui.md §9). The API validates every saved document
 * against `businessContentSchema`; the owner editor uses the same schema in the browser. Objects are
 * strict (UI-CJ-08: unknown keys are refused, so a new field needs a schema version bump).
 */

export const CONTENT_SCHEMA_VERSION = 1;
/** UI-CJ-07. */
export const MAX_CONTENT_BYTES = 256 * 1024;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_EXCEPT_NEWLINE_TAB = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/**
 * UI-CJ-02: plain text, trimmed, control characters removed (not refused: pasted text often carries
 * them), line breaks kept in multi-line fields, emoji allowed.
 */
export function contentText(options: { min?: number; max: number; multiline?: boolean }) {
  const strip = options.multiline ? CONTROL_EXCEPT_NEWLINE_TAB : CONTROL;
  return z
    .string()
    .transform((value) => value.replace(/\r\n?/g, '\n').replace(strip, '').trim())
    .pipe(
      z
        .string()
        .min(options.min ?? 0)
        .max(options.max),
    );
}

export const slugPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const categorySlug = z.string().max(64).regex(slugPattern);
export const regionSlug = z.string().max(63).regex(slugPattern);
/** PHN-03 (ERRATA 26): a business phone may be a landline; stored in E.164. */
export const businessPhone = z.string().regex(/^\+254[1-9]\d{7,8}$/, 'must be a Kenyan number in +254 form');
/** WhatsApp runs on mobiles only. */
export const mobilePhone = z
  .string()
  .regex(/^\+254[17]\d{8}$/, 'must be a Kenyan mobile number in +254 form');
const emailAddress = z
  .string()
  .max(254)
  .regex(/^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:".]{2,}$/, 'invalid email');
const webUrl = z
  .string()
  .max(200)
  .regex(/^https?:\/\/[^\s/$.?#][^\s]*$/i, 'must be an http(s) address');
const imageSlug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/);

function unique<T>(items: readonly T[]): boolean {
  return new Set(items).size === items.length;
}

export const profileTextSchema = z.strictObject({
  business_name: contentText({ min: 2, max: 80 }).optional(),
  tagline: contentText({ max: 100 }).optional(),
  description: contentText({ max: 1000, multiline: true }).optional(),
  services: z
    .array(contentText({ min: 1, max: 60 }))
    .max(20)
    .optional(),
  directions_note: contentText({ max: 160 }).optional(),
  hours_note: contentText({ max: 120 }).optional(),
});

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM, 24-hour');
export const dayHoursSchema = z.union([
  z.strictObject({ open: clock, close: clock }),
  z.strictObject({ closed: z.literal(true) }),
]);
export const hoursSchema = z.strictObject(
  Object.fromEntries(WEEKDAYS.map((day) => [day, dayHoursSchema.optional()])) as Record<
    Weekday,
    z.ZodOptional<typeof dayHoursSchema>
  >,
);
export type Hours = z.infer<typeof hoursSchema>;
export type DayHours = z.infer<typeof dayHoursSchema>;

const sixDecimals = (value: number) => Math.abs(Math.round(value * 1e6) - value * 1e6) < 1e-6;
export const geoSchema = z.strictObject({
  lat: z.number().min(-5).max(5).refine(sixDecimals, 'at most 6 decimals'),
  lng: z.number().min(33).max(42).refine(sixDecimals, 'at most 6 decimals'),
});

const websiteTextSchema = z.strictObject({
  hero: z
    .strictObject({
      title: contentText({ max: 60 }).optional(),
      subtitle: contentText({ max: 120 }).optional(),
    })
    .optional(),
  about: z
    .strictObject({
      title: contentText({ max: 40 }).optional(),
      content: contentText({ max: 3000, multiline: true }).optional(),
    })
    .optional(),
  services: z
    .strictObject({
      title: contentText({ max: 40 }).optional(),
      items: z
        .array(
          z.strictObject({
            name: contentText({ min: 1, max: 60 }),
            description: contentText({ max: 200, multiline: true }).optional(),
            price: contentText({ max: 30 }).optional(),
          }),
        )
        .max(30)
        .optional(),
    })
    .optional(),
  gallery: z
    .strictObject({
      title: contentText({ max: 40 }).optional(),
      captions: z.record(imageSlug, contentText({ max: 120 })).optional(),
    })
    .optional(),
  contact: z.strictObject({ title: contentText({ max: 40 }).optional() }).optional(),
});

export const WEBSITE_SECTIONS = ['about', 'services', 'gallery', 'hours', 'location', 'contact'] as const;

const languageKey = z.enum(LANGUAGES);

export const businessContentSchema = z
  .strictObject({
    schema_version: z.literal(CONTENT_SCHEMA_VERSION),
    default_language: languageKey,
    profile: z.partialRecord(languageKey, profileTextSchema),
    categories: z.array(categorySlug).min(1).max(3).refine(unique, 'categories repeat'),
    regions: z.array(regionSlug).min(1).max(2).refine(unique, 'regions repeat'),
    contact: z.strictObject({
      phone: businessPhone,
      phone_alt: businessPhone.nullable().optional(),
      whatsapp: mobilePhone.nullable().optional(),
      email: emailAddress.nullable().optional(),
      website_url: webUrl.nullable().optional(),
    }),
    location: z.strictObject({
      street_address1: contentText({ max: 100 }).nullable().optional(),
      street_address2: contentText({ max: 100 }).nullable().optional(),
      city: contentText({ min: 1, max: 60 }),
      postal_code: z
        .string()
        .regex(/^\d{5}$/, '5 digits')
        .nullable()
        .optional(),
      geo: geoSchema.nullable().optional(),
    }),
    hours: hoursSchema.optional(),
    /**
     * Lipa na M-Pesa numbers shown with a copy button (issue: Directory). Not in ui.md's version-1 example;
     * added to version 1 before any document was stored.
     */
    mpesa: z
      .strictObject({
        till_number: z
          .string()
          .regex(/^\d{5,7}$/, '5 to 7 digits')
          .nullable()
          .optional(),
        paybill_number: z
          .string()
          .regex(/^\d{5,7}$/, '5 to 7 digits')
          .nullable()
          .optional(),
        paybill_account: contentText({ min: 1, max: 20 }).nullable().optional(),
      })
      .refine((value) => !value.paybill_account || value.paybill_number, {
        message: 'an account number needs a paybill number',
        path: ['paybill_account'],
      })
      .optional(),
    website: z.partialRecord(languageKey, websiteTextSchema).optional(),
    website_settings: z
      .strictObject({
        template: z.literal('classic'),
        sections: z
          .strictObject(
            Object.fromEntries(WEBSITE_SECTIONS.map((key) => [key, z.boolean().optional()])) as Record<
              (typeof WEBSITE_SECTIONS)[number],
              z.ZodOptional<z.ZodBoolean>
            >,
          )
          .optional(),
      })
      .optional(),
    /**
     * MEDIA-220/221: image type key (MEDIA-082's pattern) → ordered slugs, no duplicates, at most
     * MEDIA-082's largest `max_images` (500); the first logo is the logo, the first profile the hero.
     * The server also refuses a newly added slug that has no image of that type (MEDIA-221).
     */
    media: z
      .record(
        z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'an image type key'),
        z
          .array(imageSlug)
          .max(500)
          .refine((slugs) => new Set(slugs).size === slugs.length, 'a photo is listed twice'),
      )
      .optional(),
    metadata: z
      .strictObject({
        last_updated: z.string(),
        updated_by: z.string().nullable(),
        updated_by_type: z.enum(['owner', 'admin', 'system']),
      })
      .optional(),
  })
  .superRefine((content, ctx) => {
    if (!content.profile.en?.business_name) {
      ctx.addIssue({
        code: 'custom',
        message: 'an English business name is required',
        path: ['profile', 'en', 'business_name'],
      });
    }
  });

export type BusinessContent = z.infer<typeof businessContentSchema>;
export type ProfileText = z.infer<typeof profileTextSchema>;

/** UI-CJ-03: visitor language → en → default language → sw, kam, ki. */
export function fallbackLanguages(requested: Language, defaultLanguage: Language): Language[] {
  const order: Language[] = [requested, 'en', defaultLanguage, ...LANGUAGES];
  return order.filter((language, index) => order.indexOf(language) === index);
}
