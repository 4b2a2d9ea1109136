import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { businessContentSchema } from '@tafuta/contracts';
import { grantService } from '../../test/factories.js';
import { browser, OTP_TEST_CODE } from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';
import { businessRow, castFor, expectDocumented, type Cast } from '../../test/business-kit.js';
import { installDefaultMediaConfig } from './app-config.js';
import { photosConfig } from './media.service.js';
import { logoPng, photoJpeg } from './test-images.js';

/**
 * The public side of business media: `GET /api/photos/config` (MEDIA-260), content saves that may only
 * add existing photos (MEDIA-221), and public URLs that exist on disk the moment a write lands (MEDIA-224).
 */

const mediaPath = fs.mkdtempSync(path.join(os.tmpdir(), 'tafuta-media-public-'));
installDefaultMediaConfig(mediaPath);
const { database, harness } = useIdentityHarness({
  env: { OTP_TEST_CODE, RATE_LIMIT_MAX_REQUESTS: '100000', MEDIA_PATH: mediaPath },
});
const db = () => database.current.db;
const ORIGIN = 'https://tafuta.ke';

function upload(cast: Cast, fields: { image_type: string; image_name: string }, file: Buffer) {
  return cast.owner.agent
    .post(`/api/businesses/${cast.businessId}/photos`)
    .set('Origin', ORIGIN)
    .field('image_type', fields.image_type)
    .field('image_name', fields.image_name)
    .attach('file', file, 'photo.jpg');
}

/** An owner's content save of `media` only (UI-CJ-09 partial document). */
function saveMedia(cast: Cast, media: Record<string, string[]>, baseVersion = 1) {
  return cast.owner.agent
    .patch(`/api/businesses/${cast.businessId}`)
    .set('Origin', ORIGIN)
    .send({ base_version: baseVersion, force: true, content: { media } });
}

describe('GET /api/photos/config (MEDIA-260)', () => {
  it('answers anyone with the parsed config in file order, cacheable', async () => {
    const res = await harness.agent().get('/api/photos/config');
    expect(res.status).toBe(200);
    expectDocumented('get', '/api/photos/config', res);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    const data = res.body.data as { config_version: string; image_types: { key: string }[] };
    expect(data).toMatchObject({
      max_upload_size_mb: 10,
      max_upload_bytes: 10_485_760,
      accepted_formats: ['jpg', 'png', 'gif', 'webp'],
    });
    expect(data.config_version).toMatch(/^[0-9a-f]{12}$/);
    expect(data.image_types.map((type) => type.key)).toEqual(['logo', 'banner', 'profile', 'gallery']);
    expect(data.image_types[1]).toEqual({
      key: 'banner',
      label: 'Banner Image',
      max_images: 3,
      requires_service: null,
      max_images_without_service: 3,
      primary_size: '1200x400',
      sizes: [
        { tag: '300x100', width: 300, height: 100 },
        { tag: '600x200', width: 600, height: 200 },
        { tag: '1200x400', width: 1200, height: 400 },
      ],
    });
    expect(data.image_types[3]).toMatchObject({
      requires_service: 'image_gallery',
      max_images: 50,
      max_images_without_service: 5,
      primary_size: 'medium',
    });
  });

  it('is 503 MEDIA_CONFIG_UNAVAILABLE while no valid config was ever loaded (MEDIA-088)', () => {
    expect(() => photosConfig({ mediaConfig: { peek: () => null } })).toThrow(
      expect.objectContaining({ code: 'MEDIA_CONFIG_UNAVAILABLE', status: 503 }),
    );
  });
});

describe('content saves of media (MEDIA-221)', () => {
  it('may reorder and hide photos, but only add slugs that exist in that type', async () => {
    const cast = await castFor(harness, db());
    for (const name of ['Front', 'Counter']) {
      expect(
        (await upload(cast, { image_type: 'gallery', image_name: name }, await photoJpeg(800, 600))).status,
      ).toBe(201);
    }
    expect((await upload(cast, { image_type: 'logo', image_name: 'Mark' }, await logoPng())).status).toBe(
      201,
    );

    const reordered = await saveMedia(cast, { gallery: ['counter', 'front'] });
    expect(reordered.status).toBe(200);
    const hidden = await saveMedia(cast, { gallery: ['counter'] });
    expect(hidden.status).toBe(200);
    // Showing a hidden photo again is an addition of a slug that exists.
    expect((await saveMedia(cast, { gallery: ['front', 'counter'] })).status).toBe(200);

    const ghost = await saveMedia(cast, { gallery: ['front', 'counter', 'ghost'] });
    expect(ghost.status).toBe(400);
    expect(ghost.body.error).toMatchObject({
      code: 'INVALID_INPUT',
      details: [{ field: 'content.media.gallery.2', code: 'not_allowed' }],
    });
    // The logo exists, but not as a gallery photo: slugs belong to one type (MEDIA-104).
    const wrongType = await saveMedia(cast, { gallery: ['front', 'mark'] });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.details[0]).toMatchObject({ field: 'content.media.gallery.1' });
    const twice = await saveMedia(cast, { gallery: ['front', 'front'] });
    expect(twice.status).toBe(400);
    expect(twice.body.error.code).toBe('INVALID_INPUT');

    const media = (await businessRow(db(), cast.businessId)).content_json.media;
    expect(media).toEqual({ gallery: ['front', 'counter'], logo: ['mark'] });
  });

  it('keeps a slug that is already referenced even when its image is gone (renderers skip it)', async () => {
    const cast = await castFor(harness, db());
    await db()
      .updateTable('businesses')
      .set({ content_json: sql`jsonb_set(content_json, '{media}', '{"banner": ["old-cover"]}')` })
      .where('business_id', '=', cast.businessId)
      .execute();
    const kept = await saveMedia(cast, { banner: ['old-cover'] }, 1);
    expect(kept.status).toBe(200);
  });

  it('accepts the type keys and counts app-config.jfx allows (MEDIA-082)', () => {
    const base = {
      schema_version: 1,
      default_language: 'en',
      profile: { en: { business_name: 'Mama Njeri Kitchen' } },
      categories: ['restaurants'],
      regions: ['machakos'],
      contact: { phone: '+254712345678' },
      location: { city: 'Machakos Town' },
    };
    const many = Array.from({ length: 500 }, (_, n) => `photo-${n}`);
    const parse = (media: unknown) => businessContentSchema.safeParse({ ...base, media }).success;
    expect(parse({ 'menu-board': ['a'], gallery: many })).toBe(true);
    expect(parse({ gallery: [...many, 'one-more'] })).toBe(false);
    expect(parse({ Gallery: ['a'] })).toBe(false);
    expect(parse({ '1st': ['a'] })).toBe(false);
    expect(parse({ menu_board: ['a'] })).toBe(false);
  });
});

describe('public media URLs (MEDIA-224)', () => {
  async function hostedCast(): Promise<Cast & { tag: string }> {
    const cast = await castFor(harness, db());
    await grantService(db(), cast.businessId, 'website_hosting');
    harness.services.directoryEvents.listingsChanged();
    return { ...cast, tag: (await businessRow(db(), cast.businessId)).business_tag };
  }

  it('hands out a fresh upload at once and never a URL without a file', async () => {
    const cast = await hostedCast();
    // A logo referenced before its files exist (e.g. restored content): no URL yet.
    await db()
      .updateTable('businesses')
      .set({
        content_json: sql`jsonb_set(content_json, '{media}', '{"logo": ["later-logo"], "banner": ["gone"]}')`,
      })
      .where('business_id', '=', cast.businessId)
      .execute();
    harness.services.directoryEvents.listingsChanged();
    const visitor = browser(harness);
    const card = async () =>
      (
        (await visitor.get('/api/search').query({ q: 'njeri', limit: 50 }).expect(200)).body.data as {
          business_id: string;
          logo_url: string | null;
        }[]
      ).find((item) => item.business_id === cast.businessId);
    expect((await card())?.logo_url).toBeNull();
    const before = await visitor.get(`/api/public/businesses/${cast.tag}`).expect(200);
    expect(before.body.data.media).toMatchObject({ logo_url: null, banners: [] });

    // The upload's slug is already referenced, so only the cache drop can make it appear.
    const res = await upload(cast, { image_type: 'logo', image_name: 'Later Logo' }, await logoPng());
    expect(res.status).toBe(201);
    expect(res.body.data.slug).toBe('later-logo');
    const url = (await card())?.logo_url;
    expect(url).toBe(`https://tafuta.ke/media/${cast.tag}_${cast.businessId}/logo/later-logo_small.webp`);
    const served = await harness.agent().get(new URL(url!).pathname);
    expect(served.status).toBe(200);
    expect(served.headers['cache-control']).toBe('public, max-age=86400');

    const banner = await upload(
      cast,
      { image_type: 'banner', image_name: 'Cover' },
      await photoJpeg(1500, 500),
    );
    expect(banner.status).toBe(201);
    const after = await visitor.get(`/api/public/businesses/${cast.tag}`).expect(200);
    expectDocumented('get', '/api/public/businesses/{business_tag}', after);
    expect(after.body.data.media.logo_url).toMatch(/\/logo\/later-logo_medium\.webp$/);
    // "gone" has no files and is skipped; the new banner is listed with both sizes.
    expect(after.body.data.media.banners).toEqual([
      {
        slug: 'cover',
        url: expect.stringMatching(/\/banner\/cover_600x200\.webp$/),
        url_wide: expect.stringMatching(/\/banner\/cover_1200x400\.webp$/),
      },
    ]);

    const deleted = await cast.owner.agent
      .delete(`/api/businesses/${cast.businessId}/photos/later-logo`)
      .set('Origin', ORIGIN);
    expect(deleted.status).toBe(200);
    expect((await card())?.logo_url).toBeNull();
  });
});
