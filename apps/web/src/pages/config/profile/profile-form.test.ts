import { businessContentSchema, type BusinessContent } from '@tafuta/contracts';
import { describe, expect, it } from 'vitest';
import { contentResolver } from '../../../components/config/editor/content-errors';
import {
  businessPhoneInput,
  changedPatch,
  emptyForm,
  formProblems,
  fromContent,
  NEW_DOCUMENT,
  toDocument,
  toFormPath,
  toPatch,
  type ProfileForm,
} from './profile-form';

const stored = businessContentSchema.parse({
  schema_version: 1,
  default_language: 'en',
  profile: {
    en: {
      business_name: 'Doreen Beauty Parlour',
      tagline: 'Hair and nails',
      services: ['Braiding', 'Nails'],
    },
    sw: { tagline: 'Nywele na kucha' },
  },
  categories: ['salons'],
  regions: ['machakos'],
  contact: { phone: '+254712345678', whatsapp: '+254712345678', email: 'doreen@example.com' },
  location: {
    city: 'Machakos Town',
    street_address1: 'Kenyatta Avenue',
    geo: { lat: -1.5177, lng: 37.2634 },
  },
  hours: {
    monday: { open: '08:00', close: '18:00' },
    sunday: { closed: true },
    saturday: { open: '00:00', close: '24:00' },
  },
  mpesa: { till_number: '123456' },
}) satisfies BusinessContent;

const validate = async (values: ProfileForm, base: Record<string, unknown>) => {
  const resolver = contentResolver<ProfileForm>((v) => toDocument(v, base), toFormPath, formProblems);
  return resolver(values, undefined, { fields: {}, shouldUseNativeValidation: false });
};

describe('the profile form', () => {
  it('round-trips a stored document without changing it', () => {
    const form = fromContent(stored);
    expect(form.contact.phone).toBe('0712 345 678');
    expect(form.contact.whatsappSame).toBe(true);
    expect(form.hours.saturday).toEqual({ closed: false, allDay: true, open: '', close: '' });
    expect(form.texts.sw.tagline).toBe('Nywele na kucha');
    const again = businessContentSchema.parse(toDocument(form, stored));
    expect({ ...again, metadata: undefined }).toEqual({ ...stored, metadata: undefined });
  });

  it('sends nulls for cleared fields so the merge removes them, and whole days so none mixes states', () => {
    const form = fromContent(stored);
    form.texts.sw.tagline = '';
    form.contact.email = ' ';
    form.hours.sunday = { closed: false, allDay: false, open: '09:00', close: '13:00' };
    form.hours.monday = { closed: false, allDay: false, open: '', close: '' };
    const patch = toPatch(form) as Record<string, Record<string, unknown>>;
    expect(patch.profile!.sw).toBeNull();
    expect(patch.contact).toMatchObject({ email: null, whatsapp: '+254712345678' });
    expect(patch.contact).not.toHaveProperty('website_url');
    expect(patch.hours).toMatchObject({
      sunday: { closed: null, open: '09:00', close: '13:00' },
      monday: null,
    });
    const merged = businessContentSchema.parse(toDocument(form, stored));
    expect(merged.hours?.sunday).toEqual({ open: '09:00', close: '13:00' });
    expect(merged.hours?.monday).toBeUndefined();
    expect(merged.profile.sw).toBeUndefined();
    expect(merged.contact.email).toBeUndefined();
  });

  it('sends only what the owner changed, so a forced save leaves other fields alone', () => {
    const baseline = fromContent(stored);
    const edited = fromContent(stored);
    edited.texts.en.tagline = 'Hair, braids and nails';
    edited.hours.sunday = { closed: false, allDay: true, open: '', close: '' };
    expect(changedPatch(baseline, edited)).toEqual({
      profile: { en: { tagline: 'Hair, braids and nails' } },
      hours: { sunday: { closed: null, open: '00:00', close: '24:00' } },
    });
    edited.texts.sw.tagline = '';
    expect(changedPatch(baseline, edited).profile).toEqual({
      en: { tagline: 'Hair, braids and nails' },
      sw: null,
    });
    expect(changedPatch(baseline, fromContent(stored))).toEqual({});
    const reopened = fromContent(stored);
    reopened.hours.monday.open = '09:00';
    // A day is sent whole, so it can never merge into a day someone else marked closed.
    expect(changedPatch(baseline, reopened)).toEqual({
      hours: { monday: { closed: null, open: '09:00', close: '18:00' } },
    });
  });

  it('reads phones the way people type them, landlines included', () => {
    expect(businessPhoneInput('0712 345 678')).toBe('+254712345678');
    expect(businessPhoneInput('020 2345678')).toBe('+254202345678');
    expect(businessPhoneInput('+254 712-345-678')).toBe('+254712345678');
    expect(businessPhoneInput('12345')).toBe('12345');
  });

  it('puts schema problems on the fields that show them, in words keys', async () => {
    const form = emptyForm('+254712345678');
    form.business_name = '';
    form.contact.whatsappSame = false;
    form.contact.whatsapp = '020 2345678';
    form.texts.sw.tagline = 'x'.repeat(101);
    form.location.lat = '12';
    form.location.lng = '37';
    form.hours.friday.open = '08:00';
    const { errors } = await validate(form, NEW_DOCUMENT);
    expect(errors.business_name?.message).toBe('required');
    expect(errors.categories?.message).toBe('required');
    expect(errors.regions?.message).toBe('required');
    expect(errors.location?.city?.message).toBe('required');
    expect(errors.contact?.whatsapp?.message).toBe('mobile');
    expect(errors.texts?.sw?.tagline?.message).toBe('tooLong:100');
    expect(errors.location?.lat?.message).toBe('geo');
    expect(errors.hours?.friday?.close?.message).toBe('clock');
  });

  it('asks for two letters at least in a name', async () => {
    const form = emptyForm('+254712345678');
    form.business_name = 'A';
    expect((await validate(form, NEW_DOCUMENT)).errors.business_name?.message).toBe('tooShort:2');
  });

  it('accepts a complete wizard form', async () => {
    const form = emptyForm('+254712345678');
    form.business_name = 'Mama Njeri Kitchen';
    form.categories = ['restaurants'];
    form.regions = ['machakos'];
    form.location.city = 'Machakos Town';
    const { errors, values } = await validate(form, NEW_DOCUMENT);
    expect(errors).toEqual({});
    expect(values).toBe(form);
  });

  it('maps server field names back to form fields', () => {
    expect(toFormPath('profile.en.business_name')).toBe('business_name');
    expect(toFormPath('profile.sw.services.2')).toBe('texts.sw.services.2.value');
    expect(toFormPath('location.geo')).toBe('location.lat');
    expect(toFormPath('hours.monday')).toBe('hours.monday.open');
    expect(toFormPath('website.en.hero.title')).toBeNull();
  });
});
