import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { businessRow, castFor, type Cast } from '../../test/business-kit.js';
import { OTP_TEST_CODE } from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';
import { installDefaultMediaConfig } from './app-config.js';
import { photoJpeg } from './test-images.js';

/**
 * UI-CJ-06: deleting a photo removes its slug from `content_json.media` and its gallery captions in
 * every language, in the same content version; other photos' captions stay.
 */

const mediaPath = fs.mkdtempSync(path.join(os.tmpdir(), 'tafuta-media-captions-'));
installDefaultMediaConfig(mediaPath);
const { database, harness } = useIdentityHarness({
  env: { OTP_TEST_CODE, RATE_LIMIT_MAX_REQUESTS: '100000', MEDIA_PATH: mediaPath },
});
const db = () => database.current.db;
const ORIGIN = 'https://tafuta.ke';

async function uploadGallery(cast: Cast, name: string) {
  const res = await cast.owner.agent
    .post(`/api/businesses/${cast.businessId}/photos`)
    .set('Origin', ORIGIN)
    .field('image_type', 'gallery')
    .field('image_name', name)
    .attach('file', await photoJpeg(800, 600), 'photo.jpg');
  expect(res.status).toBe(201);
  return res.body.data.slug as string;
}

async function saveContent(cast: Cast, content: Record<string, unknown>) {
  const row = await businessRow(db(), cast.businessId);
  const res = await cast.owner.agent
    .patch(`/api/businesses/${cast.businessId}`)
    .set('Origin', ORIGIN)
    .send({ base_version: row.content_version, content });
  expect(res.status).toBe(200);
}

type Content = {
  media?: Record<string, string[]>;
  website?: Record<string, { gallery?: { title?: string; captions?: Record<string, string> } }>;
};
const contentOf = async (businessId: string) => (await businessRow(db(), businessId)).content_json as Content;

describe('deleting a gallery photo drops its captions (UI-CJ-06)', () => {
  it('removes the caption in every language with the reference, keeping the others', async () => {
    const cast = await castFor(harness, db());
    const chapati = await uploadGallery(cast, 'Chapati');
    const pilau = await uploadGallery(cast, 'Pilau');
    await saveContent(cast, {
      website: {
        en: { gallery: { title: 'Our food', captions: { [chapati]: 'Soft chapati', [pilau]: 'Pilau' } } },
        sw: { gallery: { captions: { [chapati]: 'Chapati laini' } } },
      },
    });

    const deleted = await cast.owner.agent
      .delete(`/api/businesses/${cast.businessId}/photos/${chapati}`)
      .set('Origin', ORIGIN);
    expect(deleted.status).toBe(200);

    const content = await contentOf(cast.businessId);
    expect(content.media).toEqual({ gallery: [pilau] });
    expect(content.website?.en?.gallery).toEqual({ title: 'Our food', captions: { [pilau]: 'Pilau' } });
    // Kiswahili had only this caption: the empty map goes, the language entry stays valid.
    expect(content.website?.sw?.gallery).toEqual({});
    const latest = await db()
      .selectFrom('business_content_history')
      .select('change_summary')
      .where('business_id', '=', cast.businessId)
      .orderBy('content_version', 'desc')
      .executeTakeFirstOrThrow();
    expect(latest.change_summary).toBe('Removed image: Chapati');
  });

  it('drops the caption of a hidden photo too (not referenced, so only the caption changes)', async () => {
    const cast = await castFor(harness, db());
    const mandazi = await uploadGallery(cast, 'Mandazi');
    await saveContent(cast, {
      media: { gallery: [] },
      website: { en: { gallery: { captions: { [mandazi]: 'Fresh every morning' } } } },
    });
    const before = await businessRow(db(), cast.businessId);

    const deleted = await cast.owner.agent
      .delete(`/api/businesses/${cast.businessId}/photos/${mandazi}`)
      .set('Origin', ORIGIN);
    expect(deleted.status).toBe(200);

    const after = await businessRow(db(), cast.businessId);
    expect(after.content_version).toBe(before.content_version + 1);
    expect((after.content_json as Content).website?.en?.gallery).toEqual({});
  });
});
