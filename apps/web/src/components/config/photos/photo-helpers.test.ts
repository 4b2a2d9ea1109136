import { describe, expect, it } from 'vitest';
import type { BusinessPrivate } from '../../../lib/config/types';
import { aboutFirst, captionPatch, captionsOf, mediaRefs, moved } from './media-order';
import { primarySize, sniffFormat, thumbnailSize, type PhotosConfigType, type PhotoView } from './photo-api';
import { estimateUploadSeconds, shouldOfferShrink, shrunkSize, SHRINK_THRESHOLD_BYTES } from './shrink';

/** The photo manager's pure helpers: file checks, order and captions, slow-link shrinking. */

const bytes = (...values: number[]) => Uint8Array.from(values);
const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

describe('file signatures (MEDIA-113)', () => {
  it('recognises the four accepted formats by their first bytes', () => {
    expect(sniffFormat(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('jpg');
    expect(sniffFormat(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0))).toBe('png');
    expect(sniffFormat(ascii('GIF89a\0\0'))).toBe('gif');
    expect(sniffFormat(ascii('GIF87a\0\0'))).toBe('gif');
    expect(sniffFormat(ascii('RIFF\x10\0\0\0WEBPVP8 '))).toBe('webp');
  });

  it('refuses everything else, whatever the file is called', () => {
    expect(sniffFormat(ascii('<?xml version="1.0"?><svg'))).toBeNull();
    expect(sniffFormat(ascii('MZ\x90\0\x03\0\0\0'))).toBeNull();
    expect(sniffFormat(bytes(0, 0, 0, 0x18, ...ascii('ftypheic')))).toBeNull();
    expect(sniffFormat(ascii('RIFF\x10\0\0\0WAVEfmt '))).toBeNull();
    expect(sniffFormat(bytes())).toBeNull();
  });
});

describe('sizes from the photos config', () => {
  const logo: PhotosConfigType = {
    key: 'logo',
    label: 'Business Logo',
    max_images: 1,
    requires_service: null,
    max_images_without_service: 1,
    primary_size: 'medium',
    sizes: [
      { tag: 'icon', width: 64, height: 64 },
      { tag: 'small', width: 128, height: 128 },
      { tag: 'medium', width: 256, height: 256 },
    ],
  };
  const photo = (urls: Record<string, string>) => ({ urls }) as unknown as PhotoView;

  it('previews in the primary size', () => {
    expect(primarySize(logo)).toEqual({ tag: 'medium', width: 256, height: 256 });
  });

  it('shows cards with the smallest output wide enough, among those that exist', () => {
    expect(thumbnailSize(logo).tag).toBe('small');
    expect(thumbnailSize(logo, photo({ icon: 'a', small: 'b', medium: 'c' })).tag).toBe('small');
    expect(thumbnailSize(logo, photo({ icon: 'a', medium: 'c' })).tag).toBe('medium');
    // Only a too-small output exists (a size added since): the largest existing one.
    expect(thumbnailSize(logo, photo({ icon: 'a' })).tag).toBe('icon');
  });
});

describe('order and captions in the content document (MEDIA-220, ERRATA 15)', () => {
  const business = {
    content_json: {
      media: { gallery: ['a', 'b', 'c'], profile: ['hero', 'team'] },
      website: {
        en: { gallery: { captions: { a: 'Chapati', b: 'Pilau' } } },
        sw: { gallery: { title: 'Kazi yetu', captions: { a: 'Chapati laini' } } },
      },
    },
  } as unknown as BusinessPrivate;

  it('reads the shown slugs in website order', () => {
    expect(mediaRefs(business, 'gallery')).toEqual(['a', 'b', 'c']);
    expect(mediaRefs(business, 'banner')).toEqual([]);
  });

  it('moves a photo one place and never past either end', () => {
    expect(moved(['a', 'b', 'c'], 'a', 1)).toEqual(['b', 'a', 'c']);
    expect(moved(['a', 'b', 'c'], 'c', -1)).toEqual(['a', 'c', 'b']);
    expect(moved(['a', 'b', 'c'], 'a', -1)).toEqual(['a', 'b', 'c']);
    expect(moved(['a', 'b', 'c'], 'c', 1)).toEqual(['a', 'b', 'c']);
    expect(moved(['a', 'b'], 'hidden', 1)).toEqual(['a', 'b']);
  });

  it('makes a profile photo the About image by putting it first', () => {
    expect(aboutFirst(['hero', 'team'], 'team')).toEqual(['team', 'hero']);
    expect(aboutFirst(['hero'], 'hidden')).toEqual(['hidden', 'hero']);
  });

  it('reads the captions per language and sends only the changed ones', () => {
    expect(captionsOf(business, 'a')).toEqual({ en: 'Chapati', sw: 'Chapati laini' });
    expect(captionsOf(business, 'c')).toEqual({});
    const before = captionsOf(business, 'a');
    expect(captionPatch(before, { en: 'Chapati', sw: 'Chapati laini', kam: '  ' }, 'a')).toBeNull();
    expect(captionPatch(before, { en: ' Soft chapati ', sw: '', ki: 'Cabati' }, 'a')).toEqual({
      en: { gallery: { captions: { a: 'Soft chapati' } } },
      sw: { gallery: { captions: { a: null } } },
      ki: { gallery: { captions: { a: 'Cabati' } } },
    });
  });
});

describe('shrinking on slow connections (UI-MED-05)', () => {
  const big = SHRINK_THRESHOLD_BYTES + 1;

  it('offers it only for files over 3 MB on Save-Data or a 2G/3G link', () => {
    expect(shouldOfferShrink(big, { effectiveType: '3g' })).toBe(true);
    expect(shouldOfferShrink(big, { effectiveType: 'slow-2g' })).toBe(true);
    expect(shouldOfferShrink(big, { effectiveType: '4g', saveData: true })).toBe(true);
    expect(shouldOfferShrink(big, { effectiveType: '4g' })).toBe(false);
    expect(shouldOfferShrink(big, {})).toBe(false);
    expect(shouldOfferShrink(SHRINK_THRESHOLD_BYTES, { effectiveType: '2g' })).toBe(false);
  });

  it('keeps the long edge at most 2,560 px, proportions kept, never enlarging', () => {
    expect(shrunkSize(4000, 3000)).toEqual({ width: 2560, height: 1920 });
    expect(shrunkSize(3000, 4000)).toEqual({ width: 1920, height: 2560 });
    expect(shrunkSize(1600, 1200)).toEqual({ width: 1600, height: 1200 });
  });

  it('estimates the time to send from the browser’s estimate, else the connection type', () => {
    // 10 MB at half of a 1.4 Mbit/s downlink: 10,485,760 × 8 / 700,000 ≈ 120 s.
    expect(estimateUploadSeconds(10 * 1_048_576, { effectiveType: '3g', downlink: 1.4 })).toBe(120);
    expect(estimateUploadSeconds(1_000_000, { effectiveType: '3g' })).toBe(20);
    expect(estimateUploadSeconds(1_000_000, {})).toBeNull();
  });
});
