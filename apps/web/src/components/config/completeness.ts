import type { BusinessContent, ProfileText } from '@tafuta/contracts';

/**
 * UI-DASH-16: the overview's completeness checklist. It only guides owners and never touches ranking.
 * Each item's key is also the anchor of its field in the profile editor (`…/profile#hours`).
 */
export const COMPLETENESS_ITEMS = [
  'logo',
  'banner',
  'tagline',
  'description',
  'hours',
  'location',
  'whatsapp',
  'services',
  'languages',
] as const;
export type CompletenessItem = (typeof COMPLETENESS_ITEMS)[number];

export interface Completeness {
  items: { key: CompletenessItem; done: boolean }[];
  percent: number;
}

const filled = (value: string | undefined) => value !== undefined && value.trim() !== '';

/** Text that says something about the business (a translated name alone is not a second language). */
function hasDescriptiveText(text: ProfileText | undefined): boolean {
  if (!text) return false;
  return (
    filled(text.tagline) ||
    filled(text.description) ||
    (text.services?.length ?? 0) > 0 ||
    filled(text.directions_note) ||
    filled(text.hours_note)
  );
}

export function completeness(content: BusinessContent): Completeness {
  const texts = Object.values(content.profile);
  const languagesWithText = Object.entries(content.profile).filter(([, text]) => hasDescriptiveText(text));
  const done: Record<CompletenessItem, boolean> = {
    logo: (content.media?.logo?.length ?? 0) > 0,
    banner: (content.media?.banner?.length ?? 0) > 0,
    tagline: texts.some((text) => filled(text?.tagline)),
    description: texts.some((text) => filled(text?.description)),
    hours: Object.values(content.hours ?? {}).some((day) => day !== undefined),
    location: Boolean(content.location.geo),
    whatsapp: Boolean(content.contact.whatsapp),
    services: texts.some((text) => (text?.services?.length ?? 0) > 0),
    languages: languagesWithText.length >= 2,
  };
  const items = COMPLETENESS_ITEMS.map((key) => ({ key, done: done[key] }));
  const percent = Math.round((items.filter((item) => item.done).length / items.length) * 100);
  return { items, percent };
}
